package com.meatscentral.golden.migrate;

import com.meatscentral.golden.rules.MigrationSafety;
import com.meatscentral.golden.rules.MigrationSafetyRule;
import com.meatscentral.golden.rules.ProjectTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Django migration files of the service's checkout, found as golden:verify's
 * migration-safety rule finds them (the project tree's {@code .py} modules of a
 * {@code migrations} directory, git-ignored files left out), and which of them a database has
 * not applied yet: what lets golden classify the pending migrations before any container runs.
 * An app's label is its directory's name, or the {@code label} its {@code apps.py} sets. Squashed
 * migrations count as Django's loader counts them: the squash stands for the migrations it
 * replaces unless only some of those are applied.
 */
public final class CheckoutMigrations {

    /** One migration file: app label, module name, repository-relative path, source, the {@code app.name}s it replaces. */
    record File(String app, String name, String path, String source, List<String> replaces) {

        String id() {
            return app + "." + name;
        }
    }

    private static final Pattern LABEL = Pattern.compile("(?m)^\\s+label\\s*=\\s*['\"]([A-Za-z_]\\w*)['\"]");
    private static final Pattern REPLACES = Pattern.compile("(?m)^\\s+replaces\\s*=\\s*[\\[(]");
    private static final Pattern PAIR = Pattern.compile("\\(\\s*['\"](\\w+)['\"]\\s*,\\s*['\"](\\w+)['\"]\\s*\\)");

    private final List<File> files;

    private CheckoutMigrations(List<File> files) {
        this.files = List.copyOf(files);
    }

    /** The migration files under {@code root}; none when root is null or not a directory. */
    public static CheckoutMigrations find(Path root) {
        if (root == null || !Files.isDirectory(root)) {
            return new CheckoutMigrations(List.of());
        }
        ProjectTree tree = ProjectTree.walk(root);
        Map<String, String> labels = new HashMap<>();
        List<File> files = tree.files(MigrationSafetyRule::isMigration)
                .map(p -> {
                    String appDir = ProjectTree.directory(ProjectTree.directory(p));
                    String label = labels.computeIfAbsent(appDir, d -> label(tree, d));
                    String source = tree.text(p).orElse("");
                    String name = ProjectTree.fileName(p).replaceFirst("\\.py$", "");
                    return new File(label, name, p, source, replaces(source));
                })
                .sorted(Comparator.comparing(File::app).thenComparing(File::name))
                .toList();
        return new CheckoutMigrations(files);
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    /** The app labels that have migration files in the checkout. */
    public Set<String> apps() {
        Set<String> apps = new TreeSet<>();
        files.forEach(f -> apps.add(f.app()));
        return apps;
    }

    /** The checkout's files django_migrations lacks, and those it has, as Django counts squashes. */
    private record Split(List<File> pending, List<File> done) {}

    private Split split(Set<String> applied) {
        Set<String> unused = new HashSet<>();
        for (File f : files) {
            if (!f.replaces().isEmpty()) {
                long done = f.replaces().stream().filter(applied::contains).count();
                // Django uses the squash when none or all it replaces are applied, else the replaced ones
                unused.addAll(done == 0 || done == f.replaces().size() ? f.replaces() : List.of(f.id()));
            }
        }
        List<File> pending = new ArrayList<>();
        List<File> done = new ArrayList<>();
        for (File f : files) {
            if (!unused.contains(f.id())) {
                boolean isApplied =
                        f.replaces().isEmpty() ? applied.contains(f.id()) : applied.containsAll(f.replaces());
                (isApplied ? done : pending).add(f);
            }
        }
        return new Split(pending, done);
    }

    /** The ids ({@code app.name}) of the checkout's migrations that {@code applied} lacks, not judged. */
    public Set<String> pendingIds(Set<String> applied) {
        Set<String> ids = new TreeSet<>();
        split(applied).pending().forEach(f -> ids.add(f.id()));
        return ids;
    }

    /**
     * The checkout's migrations that {@code applied} (rows of django_migrations as
     * {@code app.name}) lacks, with the applied files of the same apps as the history their
     * fields are judged against.
     */
    public PendingMigrations.Listing pending(Set<String> applied) {
        Split split = split(applied);
        List<File> pending = split.pending();
        List<File> done = split.done();
        Set<String> pendingApps = new TreeSet<>();
        pending.forEach(f -> pendingApps.add(f.app()));
        List<PendingMigrations.Known> known = new ArrayList<>();
        done.stream()
                .filter(f -> pendingApps.contains(f.app()))
                .forEach(f -> known.add(new PendingMigrations.Known(f.app(), f.name(), f.path(), f.source())));
        for (String app : pendingApps) {
            // rows of an app whose applied files are gone (deleted after a squash): the app has tables all the same
            if (known.stream().noneMatch(k -> k.app().equals(app))) {
                applied.stream()
                        .filter(id -> id.startsWith(app + "."))
                        .findFirst()
                        .ifPresent(id -> known.add(new PendingMigrations.Known(
                                app, id.substring(app.length() + 1), "(applied, no file in the checkout)", null)));
            }
        }
        List<MigrationSafety.Classified> described = MigrationSafety.classify(
                pending.stream().map(CheckoutMigrations::source).toList(),
                done.stream()
                        .filter(f -> pendingApps.contains(f.app())) // judged per app: other apps' files change nothing
                        .map(CheckoutMigrations::source)
                        .toList());
        List<PendingMigrations.Pending> out = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            File f = pending.get(i);
            List<String> operations = described.get(i).operations().stream()
                    .map(MigrationSafety.Operation::operation)
                    .toList();
            out.add(new PendingMigrations.Pending(f.app(), f.name(), f.path(), f.source(), operations, null));
        }
        return new PendingMigrations.Listing(out, known);
    }

    private static MigrationSafety.Source source(File f) {
        return new MigrationSafety.Source(f.path(), f.app(), f.name(), f.source());
    }

    /** The app's label: {@code label = "..."} in its apps.py, else the directory's name. */
    private static String label(ProjectTree tree, String appDir) {
        String prefix = appDir.isEmpty() ? "" : appDir + "/";
        Matcher m = LABEL.matcher(tree.text(prefix + "apps.py").orElse(""));
        if (m.find()) {
            return m.group(1);
        }
        return appDir.isEmpty() ? String.valueOf(tree.root().getFileName()) : ProjectTree.fileName(appDir);
    }

    /** The {@code replaces = [("app", "name"), ...]} list of a squashed migration, as {@code app.name}. */
    static List<String> replaces(String source) {
        Matcher start = REPLACES.matcher(source);
        if (!start.find()) {
            return List.of();
        }
        int depth = 1;
        int i = start.end();
        while (i < source.length() && depth > 0) {
            char c = source.charAt(i++);
            depth += c == '[' || c == '(' ? 1 : c == ']' || c == ')' ? -1 : 0;
        }
        List<String> ids = new ArrayList<>();
        Matcher pair = PAIR.matcher(source.substring(start.end(), i));
        while (pair.find()) {
            ids.add(pair.group(1) + "." + pair.group(2));
        }
        return ids;
    }
}
