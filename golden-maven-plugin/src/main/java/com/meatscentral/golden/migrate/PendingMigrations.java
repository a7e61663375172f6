package com.meatscentral.golden.migrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.rules.MigrationSafety;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code manage.py migrate} would apply, asked of the image about to run (same image,
 * same tunnel, same environment as the migration): a read-only container runs
 * {@code manage.py shell -c <pending.py>}, which prints one JSON line with each pending
 * migration (app, name, operations, its source file, optionally its SQL) and the source of the
 * apps' other migrations. The sources feed {@link MigrationSafety}: the classification is of
 * exactly the files the migration will apply, with their lines.
 */
public final class PendingMigrations {

    static final String MARKER = "GOLDEN-PENDING ";

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** One pending migration; {@code source} is null when the module's .py could not be read; {@code sql} when asked for. */
    public record Pending(String app, String name, String file, String source, List<String> operations, String sql) {

        public String id() {
            return app + "." + name;
        }
    }

    /** A migration of the same apps that is applied already (its fields are the history AlterField is judged against). */
    public record Known(String app, String name, String file, String source) {}

    public record Listing(List<Pending> pending, List<Known> known) {

        public Listing {
            pending = pending == null ? List.of() : List.copyOf(pending);
            known = known == null ? List.of() : List.copyOf(known);
        }

        /** Each pending migration classified; one without a readable source is breaking (it cannot be checked). */
        public List<MigrationSafety.Classified> classify() {
            List<MigrationSafety.Source> sources = pending.stream()
                    .filter(p -> p.source() != null)
                    .map(p -> new MigrationSafety.Source(p.file(), p.app(), p.name(), p.source()))
                    .toList();
            List<MigrationSafety.Source> history = known.stream()
                    .filter(k -> k.source() != null)
                    .map(k -> new MigrationSafety.Source(k.file(), k.app(), k.name(), k.source()))
                    .toList();
            List<MigrationSafety.Classified> judged = MigrationSafety.classify(sources, history);
            List<MigrationSafety.Classified> out = new ArrayList<>();
            int j = 0;
            for (Pending p : pending) {
                if (p.source() != null) {
                    out.add(judged.get(j++));
                } else {
                    MigrationSafety.Source s = new MigrationSafety.Source(p.file(), p.app(), p.name(), "");
                    out.add(
                            new MigrationSafety.Classified(
                                    s,
                                    List.of(
                                            new MigrationSafety.Operation(
                                                    p.id(),
                                                    1,
                                                    MigrationSafety.Verdict.BREAKING,
                                                    "its source (" + p.file()
                                                            + ") is not in the image, so it cannot be checked",
                                                    "ship the migration's .py files in the image, or accept it by name after reviewing it"))));
                }
            }
            return newApps(out);
        }

        /**
         * An app none of whose migrations is applied yet (a new app, or the first deploy to a new
         * database) has no table a running version could use: its pending migrations are safe, what
         * they contain (RunSQL, helper calls) only touches tables this deploy creates.
         */
        private List<MigrationSafety.Classified> newApps(List<MigrationSafety.Classified> classified) {
            java.util.Set<String> started = known.stream().map(Known::app).collect(java.util.stream.Collectors.toSet());
            List<MigrationSafety.Classified> out = new ArrayList<>();
            for (int i = 0; i < classified.size(); i++) {
                MigrationSafety.Classified c = classified.get(i);
                String app = pending.get(i).app();
                if (!c.breaking() || started.contains(app)) {
                    out.add(c);
                    continue;
                }
                out.add(new MigrationSafety.Classified(
                        c.migration(),
                        c.operations().stream()
                                .map(o -> o.verdict() == MigrationSafety.Verdict.SAFE
                                        ? o
                                        : new MigrationSafety.Operation(
                                                o.operation(),
                                                o.line(),
                                                MigrationSafety.Verdict.SAFE,
                                                "no migration of " + app
                                                        + " is applied yet: no running version uses its tables",
                                                ""))
                                .toList()));
            }
            return out;
        }
    }

    private PendingMigrations() {}

    /**
     * The listing command for a Django migrate command ({@code python manage.py migrate ...},
     * {@code django-admin migrate}, {@code python -m django migrate}): the same program with
     * {@code shell -c <pending.py>}. Empty for any other command, and for a targeted
     * {@code migrate app [name]} (its plan may go backwards; pending.py lists the forward one).
     */
    public static Optional<List<String>> listCommand(List<String> migrateCommand) {
        return migrateAt(migrateCommand).map(i -> {
            List<String> command = new ArrayList<>(migrateCommand.subList(0, i));
            command.addAll(List.of("shell", "-c", script()));
            return command;
        });
    }

    /**
     * The flags of a Django migrate command ({@code --fake-initial --noinput}) when the listing's
     * process can run it itself with {@code call_command} (Django already set up there): empty when the
     * command is not one {@link #listCommand} lists, or it sets up Django otherwise
     * ({@code --settings}, {@code --pythonpath}), which only a process of its own applies.
     */
    public static Optional<List<String>> inProcessFlags(List<String> migrateCommand) {
        return migrateAt(migrateCommand).flatMap(i -> {
            List<String> flags = List.copyOf(migrateCommand.subList(i + 1, migrateCommand.size()));
            boolean ownSetup = flags.stream().anyMatch(f -> f.startsWith("--settings") || f.startsWith("--pythonpath"));
            return ownSetup ? Optional.empty() : Optional.of(flags);
        });
    }

    /**
     * The verdict "migrate" that pending.py's gate reads (one JSON line: the command, for
     * {@code sys.argv}, and its {@link #inProcessFlags}); empty for a command the listing's process
     * cannot run itself.
     */
    static Optional<String> verdict(List<String> migrateCommand) {
        return inProcessFlags(migrateCommand).map(flags -> {
            Map<String, Object> verdict = new LinkedHashMap<>();
            verdict.put("migrate", migrateCommand);
            verdict.put("in_process", flags);
            try {
                return JSON.writeValueAsString(verdict) + "\n";
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e); // lists of strings always serialise
            }
        });
    }

    /** Where {@code migrate} stands in a Django migrate command with flags only; empty for any other command. */
    private static Optional<Integer> migrateAt(List<String> migrateCommand) {
        for (int i = 1; i < migrateCommand.size(); i++) {
            String before = migrateCommand.get(i - 1);
            boolean django = before.endsWith("manage.py")
                    || before.endsWith("django-admin")
                    || before.endsWith("django-admin.py")
                    || before.equals("django")
                            && i >= 2
                            && migrateCommand.get(i - 2).equals("-m");
            if (django && migrateCommand.get(i).equals("migrate")) {
                // `migrate app [name]` targets a state (maybe backwards): not the forward plan pending.py lists.
                // `--database X` (a word after it) or `--database=X` migrates another alias than the default one
                // DATABASE_URL and the tunnel are: neither listed nor checked, rather than listed wrong.
                boolean targeted = migrateCommand.subList(i + 1, migrateCommand.size()).stream()
                        .anyMatch(w ->
                                !w.startsWith("-") || w.startsWith("--database=") && !w.equals("--database=default"));
                return targeted ? Optional.empty() : Optional.of(i);
            }
        }
        return Optional.empty();
    }

    static String script() {
        try (InputStream in = PendingMigrations.class.getResourceAsStream("pending.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the listing from the container's captured marker line. */
    public static Listing parse(List<String> captured, List<String> lastLines) {
        String line = captured.stream()
                .filter(l -> l.startsWith(MARKER))
                .reduce((a, b) -> b)
                .orElseThrow(
                        () -> new GoldenException(
                                "Listing the pending migrations printed no result; last lines:" + System.lineSeparator()
                                        + "  " + String.join(System.lineSeparator() + "  ", lastLines),
                                "the image must run `manage.py shell` (Django's own command); check the settings import cleanly"));
        try {
            return JSON.readValue(line.substring(MARKER.length()), Listing.class);
        } catch (IOException e) {
            throw new GoldenException(
                    "The pending-migration listing is not valid JSON: " + e.getMessage(),
                    "report this with the image's Django version");
        }
    }
}
