package com.meatscentral.golden.rules;

import com.meatscentral.golden.GoldenException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Django apps of the tree: the first-level directories of each folder of
 * {@code golden.verify.appsRoots}, or, when none is listed, every directory holding an
 * {@code apps.py} or a {@code models.py} / {@code models/} package wherever it is (real services
 * keep apps in several places: {@code backend/apps}, {@code backend/tenant_apps}, ...). An app's
 * label is its directory name. The tenants app is always shared.
 */
final class DjangoApps {

    static final String TENANTS_APP = "tenants";

    /** One app: its label and its directory (repository-relative, no trailing slash). */
    record App(String label, String dir) {}

    private final Map<String, App> byDir = new LinkedHashMap<>();
    private final Set<String> shared;
    private final List<String> tenantApps;

    private DjangoApps(VerifyConfig config) {
        this.shared = new LinkedHashSet<>(config.sharedApps());
        this.shared.add(TENANTS_APP);
        this.tenantApps = config.tenantApps();
    }

    static DjangoApps of(ProjectTree tree, VerifyConfig config) {
        return tree.memo("django-apps", () -> discover(tree, config));
    }

    private static DjangoApps discover(ProjectTree tree, VerifyConfig config) {
        DjangoApps apps = new DjangoApps(config);
        if (config.appsRoots().isEmpty()) {
            tree.files(p -> p.endsWith("/apps.py") || p.endsWith("/models.py") || p.endsWith("/models/__init__.py"))
                    .map(p -> p.endsWith("/models/__init__.py")
                            ? ProjectTree.directory(ProjectTree.directory(p))
                            : ProjectTree.directory(p))
                    .filter(dir -> !dir.isEmpty() && !inTestsOrMigrations(dir))
                    .forEach(dir -> apps.byDir.putIfAbsent(dir, new App(ProjectTree.fileName(dir), dir)));
        } else {
            for (String root : config.appsRoots()) {
                String prefix = trim(root) + "/";
                tree.files(p -> p.startsWith(prefix) && p.endsWith(".py") && p.indexOf('/', prefix.length()) > 0)
                        .map(p -> p.substring(0, p.indexOf('/', prefix.length())))
                        .forEach(dir -> apps.byDir.putIfAbsent(dir, new App(ProjectTree.fileName(dir), dir)));
            }
        }
        return apps;
    }

    private static boolean inTestsOrMigrations(String dir) {
        return ("/" + dir + "/").matches(".*/(tests?|migrations|site-packages|fixtures)/.*");
    }

    private static String trim(String root) {
        String r = root.strip().replace('\\', '/');
        while (r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        return r.startsWith("./") ? r.substring(2) : r;
    }

    /**
     * What is wrong with the configuration for this tree, every problem at once: a listed apps
     * root that is not a directory, a shared or tenant app that is not an app of the tree.
     */
    static void validate(ProjectTree tree, VerifyConfig config) {
        List<String> problems = new ArrayList<>();
        for (String root : config.appsRoots()) {
            if (!Files.isDirectory(tree.root().resolve(trim(root)))) {
                problems.add(
                        "golden.verify.appsRoots lists '" + root + "', which is not a directory under " + tree.root());
            }
        }
        DjangoApps apps = of(tree, config);
        Set<String> labels = apps.labels();
        for (String app : config.sharedApps()) {
            if (!labels.contains(app) && !app.equals(TENANTS_APP)) {
                problems.add("golden.verify.sharedApps names '" + app + "', which is not an app of the tree");
            }
        }
        for (String app : config.tenantApps()) {
            if (!labels.contains(app)) {
                problems.add("golden.verify.tenantApps names '" + app + "', which is not an app of the tree");
            }
        }
        if (!problems.isEmpty()) {
            throw new GoldenException(
                    "golden:verify configuration: " + String.join("; ", problems),
                    "list existing folders in -Dgolden.verify.appsRoots (comma separated, relative to the root) and app "
                            + "labels (directory names) in sharedApps/tenantApps; apps found: "
                            + (labels.isEmpty() ? "none" : String.join(", ", labels)));
        }
    }

    Set<String> labels() {
        Set<String> labels = new java.util.TreeSet<>();
        byDir.values().forEach(a -> labels.add(a.label()));
        return labels;
    }

    List<App> apps() {
        return List.copyOf(byDir.values());
    }

    /** The app a file belongs to: the app whose directory is the longest prefix of its path. */
    Optional<App> appOf(String path) {
        return byDir.values().stream()
                .filter(a -> path.startsWith(a.dir() + "/"))
                .max(Comparator.comparingInt(a -> a.dir().length()));
    }

    boolean isTenantApp(App app) {
        if (shared.contains(app.label())) {
            return false;
        }
        return tenantApps.isEmpty() || tenantApps.contains(app.label());
    }
}
