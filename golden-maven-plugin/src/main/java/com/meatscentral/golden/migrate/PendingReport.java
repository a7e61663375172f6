package com.meatscentral.golden.migrate;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.rules.MigrationSafety.Classified;
import com.meatscentral.golden.rules.MigrationSafety.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pending migrations as a user reads them: a table (app, name, operations, safety) for
 * the log, the same as Markdown for the GitHub step summary, each migration's SQL on request,
 * and the refusal of breaking migrations that were not accepted by name.
 */
public final class PendingReport {

    /** Where the pending list comes from: the image's listing container, or the checkout's files before any container. */
    public enum Origin {
        IMAGE("", "the database is up to date with the image", ""),
        CHECKOUT(
                " in the checkout",
                "the database has every migration file of the checkout",
                "; refused before any container ran");

        private final String where;
        private final String none;
        private final String refused;

        Origin(String where, String none, String refused) {
            this.where = where;
            this.none = none;
            this.refused = refused;
        }
    }

    private final String environment;
    private final PendingMigrations.Listing listing;
    private final List<Classified> classified;
    private final Origin origin;

    public PendingReport(String environment, PendingMigrations.Listing listing) {
        this(environment, listing, Origin.IMAGE);
    }

    public PendingReport(String environment, PendingMigrations.Listing listing, Origin origin) {
        this.environment = environment;
        this.listing = listing;
        this.classified = listing.classify();
        this.origin = origin;
    }

    /** The pending migrations as {@code app.name}, in the order listed. */
    public List<String> ids() {
        return listing.pending().stream().map(PendingMigrations.Pending::id).toList();
    }

    public int count() {
        return listing.pending().size();
    }

    /** The table for the log: one row per migration, one line per operation. */
    public List<String> table() {
        List<String> out = new ArrayList<>();
        if (count() == 0) {
            out.add("Pending migrations for " + environment + origin.where + ": none (" + origin.none + ")");
            return out;
        }
        out.add("Pending migrations for " + environment + origin.where + " (" + count() + "):");
        int appWidth = Math.max(
                3,
                listing.pending().stream().mapToInt(p -> p.app().length()).max().orElse(3));
        int nameWidth = Math.max(
                4,
                listing.pending().stream()
                        .mapToInt(p -> p.name().length())
                        .max()
                        .orElse(4));
        String format = "  %-" + appWidth + "s  %-" + nameWidth + "s  %-9s %s";
        out.add(String.format(format, "app", "name", "safety", "operations"));
        for (int i = 0; i < count(); i++) {
            PendingMigrations.Pending p = listing.pending().get(i);
            Classified c = classified.get(i);
            List<String> ops = p.operations().isEmpty() ? List.of("(no operations)") : p.operations();
            for (int k = 0; k < ops.size(); k++) {
                out.add(String.format(
                        format, k == 0 ? p.app() : "", k == 0 ? p.name() : "", k == 0 ? verdict(c) : "", ops.get(k)));
            }
            for (Operation o : c.breakingOperations()) {
                out.add(String.format(
                        format, "", "", "", "! line " + o.line() + ": " + o.operation() + ": " + o.reason()));
            }
        }
        return out;
    }

    /** The same, as Markdown for {@code $GITHUB_STEP_SUMMARY}. */
    public String markdown() {
        StringBuilder md =
                new StringBuilder("### Pending migrations: " + environment + origin.where + " (" + count() + ")\n\n");
        if (count() == 0) {
            return md.append("None: " + origin.none + ".\n").toString();
        }
        md.append("| app | name | operations | safety |\n|---|---|---|---|\n");
        for (int i = 0; i < count(); i++) {
            PendingMigrations.Pending p = listing.pending().get(i);
            Classified c = classified.get(i);
            String why = c.breakingOperations().stream()
                    .map(o -> "line " + o.line() + ": " + o.operation() + ": " + o.reason())
                    .reduce((a, b) -> a + "<br>" + b)
                    .map(s -> " — " + s)
                    .orElse("");
            md.append("| ")
                    .append(cell(p.app()))
                    .append(" | ")
                    .append(cell(p.name()))
                    .append(" | ")
                    .append(cell(String.join("<br>", p.operations())))
                    .append(" | ")
                    .append(verdict(c))
                    .append(cell(why))
                    .append(" |\n");
        }
        return md.toString();
    }

    /** Each pending migration's SQL (sqlmigrate), in the order they would be applied. */
    public List<String> sql() {
        List<String> out = new ArrayList<>();
        for (PendingMigrations.Pending p : listing.pending()) {
            out.add("-- " + p.id() + " (" + p.file() + ")");
            String sql = p.sql() == null ? "-- (no SQL was asked for)" : p.sql().strip();
            out.addAll(
                    sql.isEmpty()
                            ? List.of("-- (no SQL: state-only operations)")
                            : sql.lines().toList());
        }
        return out;
    }

    /**
     * The refusal when a breaking migration was not accepted by name: every breaking
     * operation of every such migration (migration, file:line, operation, reason, split).
     */
    public Optional<GoldenException> refusal(MigrationOptions options) {
        List<String> lines = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Classified c : classified) {
            if (!c.breaking()
                    || options.allows(c.migration().app(), c.migration().name())) {
                continue;
            }
            names.add(c.migration().id());
            for (Operation o : c.breakingOperations()) {
                lines.add(c.migration().id() + " (" + c.migration().path() + ":" + o.line() + "): " + o.operation()
                        + ": " + o.reason());
                lines.add("    split: " + o.split());
            }
        }
        if (names.isEmpty()) {
            return Optional.empty();
        }
        String nl = System.lineSeparator();
        return Optional.of(new GoldenException(
                names.size() + " pending migration" + (names.size() == 1 ? " is" : "s are")
                        + " breaking for the version still running during the deploy" + origin.refused
                        + "; nothing was applied:" + nl + "  "
                        + String.join(nl + "  ", lines),
                "split each into expand (now) and contract (a later deploy) as shown; or, when no running version uses what it"
                        + " changes, accept it by name: -Dgolden.migrate.allowBreaking=" + String.join(",", names)));
    }

    /** Accepted names that match no pending breaking migration: probably a typo. */
    public List<String> unusedAllowances(MigrationOptions options) {
        return options.allowBreaking().stream()
                .filter(n -> classified.stream()
                        .noneMatch(c -> c.breaking()
                                && (n.equals(c.migration().id())
                                        || n.equals(c.migration().name()))))
                .toList();
    }

    private static String verdict(Classified c) {
        return c.breaking() ? "BREAKING" : "safe";
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
