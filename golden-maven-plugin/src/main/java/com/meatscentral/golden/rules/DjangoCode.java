package com.meatscentral.golden.rules;

import com.meatscentral.golden.rules.PythonTokens.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the tenancy rules need from the Django apps: classes (name, bases, body) found by
 * tokens, which models are tenant-scoped and which should be. Computed once per tree.
 */
final class DjangoCode {

    /** A model class in a tenant app, and whether it carries the tenant FK (itself or through a base). */
    record Model(PyClass cls, boolean tenantScoped, boolean abstractModel) {}

    final List<Model> tenantAppModels = new ArrayList<>();
    final Map<String, Model> tenantModelsByName = new HashMap<>();
    final List<PyClass> viewSets = new ArrayList<>();
    /** Every class of the tree's Python files by simple name (bases are resolved across modules). */
    private final Map<String, List<PyClass>> classesByName = new HashMap<>();
    /** Per file, the modules it imports from (to pick the right class when two share a name). */
    private final Map<String, List<String>> importedModules = new HashMap<>();

    private final VerifyConfig config;

    private DjangoCode(VerifyConfig config) {
        this.config = config;
    }

    static DjangoCode of(ProjectTree tree, VerifyConfig config) {
        return tree.memo("django", () -> analyse(tree, config));
    }

    private static DjangoCode analyse(ProjectTree tree, VerifyConfig config) {
        DjangoCode code = new DjangoCode(config);
        DjangoApps apps = DjangoApps.of(tree, config);
        Map<String, List<PyClass>> byFile = new LinkedHashMap<>();
        tree.files(p -> p.endsWith(".py") && !p.contains("/migrations/")).forEach(path -> {
            List<List<Token>> lines = tree.pythonLines(path);
            List<PyClass> classes = PythonModule.classes(path, lines);
            byFile.put(path, classes);
            classes.forEach(c -> code.classesByName
                    .computeIfAbsent(c.name(), k -> new ArrayList<>())
                    .add(c));
            code.importedModules.put(path, PythonModule.importedModules(path, lines));
        });
        byFile.forEach((path, classes) -> {
            Optional<DjangoApps.App> app = apps.appOf(path);
            if (app.isEmpty()) {
                return;
            }
            boolean modelsModule =
                    path.contains("/models/") || ProjectTree.fileName(path).equals("models.py");
            if (modelsModule && apps.isTenantApp(app.get())) {
                for (PyClass c : classes) {
                    if (!code.isModel(c, 0)) {
                        continue;
                    }
                    Model m = new Model(c, code.isTenantScoped(c, 0), c.isAbstract());
                    code.tenantAppModels.add(m);
                    if (m.tenantScoped() && !m.abstractModel()) {
                        code.tenantModelsByName.put(c.name(), m);
                    }
                }
            }
            for (PyClass c : classes) {
                if (c.bases().stream().anyMatch(b -> PythonModule.simple(b).endsWith("ModelViewSet"))
                        || c.derivesFrom(config.scopedViewSetBases())) {
                    code.viewSets.add(c);
                }
            }
        });
        return code;
    }

    private static final int MAX_DEPTH = 20;

    private boolean isModel(PyClass c, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        for (String b : c.bases()) {
            if (b.equals("models.Model")
                    || b.equals("Model") && resolve(b, c).isEmpty()
                    || config.tenantModelBases().contains(PythonModule.simple(b))) {
                return true;
            }
            if (resolve(b, c).map(base -> isModel(base, depth + 1)).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private boolean isTenantScoped(PyClass c, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        if (c.hasTenantField() || c.derivesFrom(config.tenantModelBases())) {
            return true;
        }
        return c.bases().stream()
                .anyMatch(b -> resolve(b, c)
                        .map(base -> isTenantScoped(base, depth + 1))
                        .orElse(false));
    }

    /** The class itself and every base class found in the tree, nearest first. */
    List<PyClass> withAncestors(PyClass c) {
        List<PyClass> out = new ArrayList<>();
        java.util.Deque<PyClass> todo = new java.util.ArrayDeque<>(List.of(c));
        while (!todo.isEmpty() && out.size() < MAX_DEPTH) {
            PyClass next = todo.poll();
            if (out.contains(next)) {
                continue;
            }
            out.add(next);
            next.bases().forEach(b -> resolve(b, next).ifPresent(todo::add));
        }
        return out;
    }

    /**
     * The class a base expression names, across modules: the class of that name in the same
     * file, else the one in a module the file imports from, else the only class of that name.
     */
    Optional<PyClass> resolve(String base, PyClass from) {
        if (base.equals("models.Model")) {
            return Optional.empty(); // Django's, not a class of the tree
        }
        List<PyClass> candidates = classesByName.getOrDefault(PythonModule.simple(base), List.of()).stream()
                .filter(c -> c != from)
                .toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Optional<PyClass> sameFile = candidates.stream()
                .filter(c -> c.path().equals(from.path()) && c.line() < from.line())
                .reduce((a, b) -> b);
        if (sameFile.isPresent()) {
            return sameFile;
        }
        List<String> modules = importedModules.getOrDefault(from.path(), List.of());
        Optional<PyClass> imported = candidates.stream()
                .filter(c -> modules.stream().anyMatch(m -> PythonModule.isModule(c.path(), m)))
                .findFirst();
        if (imported.isPresent()) {
            return imported;
        }
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }
}
