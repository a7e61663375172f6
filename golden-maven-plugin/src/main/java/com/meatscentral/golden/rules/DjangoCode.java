package com.meatscentral.golden.rules;

import com.meatscentral.golden.rules.PythonTokens.Token;
import com.meatscentral.golden.rules.PythonTokens.Type;
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

    record PyClass(String path, String name, List<String> bases, int line, int indent, List<List<Token>> body) {

        boolean derivesFrom(List<String> simpleNames) {
            return bases.stream().anyMatch(b -> simpleNames.contains(simple(b)));
        }

        /** Logical lines of the method {@code name} (its def line included), if the class defines it. */
        Optional<List<List<Token>>> method(String name) {
            for (int k = 0; k < body.size(); k++) {
                List<Token> l = body.get(k);
                if (l.size() > 1 && l.get(0).is("def") && l.get(1).text().equals(name)) {
                    List<List<Token>> lines = new ArrayList<>();
                    lines.add(l);
                    int indent = l.get(0).indent();
                    for (int m = k + 1; m < body.size() && body.get(m).get(0).indent() > indent; m++) {
                        lines.add(body.get(m));
                    }
                    return Optional.of(lines);
                }
            }
            return Optional.empty();
        }
    }

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
            List<Token> tokens = tree.pythonTokens(path);
            List<PyClass> classes = classes(path, tokens);
            byFile.put(path, classes);
            classes.forEach(c -> code.classesByName
                    .computeIfAbsent(c.name(), k -> new ArrayList<>())
                    .add(c));
            code.importedModules.put(path, importedModules(path, tokens));
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
                    Model m = new Model(c, code.isTenantScoped(c, 0), isAbstract(c));
                    code.tenantAppModels.add(m);
                    if (m.tenantScoped() && !m.abstractModel()) {
                        code.tenantModelsByName.put(c.name(), m);
                    }
                }
            }
            for (PyClass c : classes) {
                if (c.bases().stream().anyMatch(b -> simple(b).endsWith("ModelViewSet"))
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
                    || config.tenantModelBases().contains(simple(b))) {
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
        if (hasTenantField(c) || c.derivesFrom(config.tenantModelBases())) {
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
        List<PyClass> candidates = classesByName.getOrDefault(simple(base), List.of()).stream()
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
                .filter(c -> modules.stream().anyMatch(m -> isModule(c.path(), m)))
                .findFirst();
        if (imported.isPresent()) {
            return imported;
        }
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    /** Whether {@code path} is the file of {@code module}, given as a path without extension ("apps/core/models"). */
    private static boolean isModule(String path, String module) {
        String p = path.endsWith("/__init__.py")
                ? path.substring(0, path.length() - "/__init__.py".length())
                : path.substring(0, path.length() - 3);
        return p.equals(module) || p.endsWith("/" + module);
    }

    /**
     * The modules a file imports from, as paths: {@code from apps.core.models import X} gives
     * apps/core/models, a relative {@code from ..core.models import X} is resolved against the
     * file's package; {@code from apps.core import models} also gives apps/core/models.
     */
    private static List<String> importedModules(String path, List<Token> tokens) {
        List<String> modules = new ArrayList<>();
        for (List<Token> l : PythonTokens.logicalLines(tokens)) {
            if (l.size() < 4 || !l.get(0).is("from")) {
                continue;
            }
            int k = 1;
            int dots = 0;
            while (k < l.size()
                    && (l.get(k).is(".") || l.get(k).is("..") || l.get(k).is("..."))) {
                dots += l.get(k).text().length();
                k++;
            }
            StringBuilder module = new StringBuilder();
            while (k < l.size() && !l.get(k).is("import")) {
                module.append(l.get(k).is(".") ? "/" : l.get(k).text());
                k++;
            }
            String base = module.toString();
            if (dots > 0) {
                String dir = ProjectTree.directory(path);
                for (int d = 1; d < dots; d++) {
                    dir = ProjectTree.directory(dir);
                }
                base = dir.isEmpty() ? base : base.isEmpty() ? dir : dir + "/" + base;
            }
            if (!base.isEmpty()) {
                modules.add(base);
                for (int m = k + 1; m < l.size(); m++) {
                    if (l.get(m).type() == Type.NAME
                            && !l.get(m).is("as")
                            && (m == k + 1 || l.get(m - 1).is(","))) {
                        modules.add(base + "/" + l.get(m).text());
                    }
                }
            }
        }
        return modules;
    }

    static String simple(String dotted) {
        int dot = dotted.lastIndexOf('.');
        return dot < 0 ? dotted : dotted.substring(dot + 1);
    }

    /** {@code tenant = models.ForeignKey(...)} (or OneToOneField / ForeignKey imported bare). */
    static boolean hasTenantField(PyClass c) {
        for (List<Token> l : c.body()) {
            if (l.size() > 2
                    && l.get(0).text().equals("tenant")
                    && l.get(1).is("=")
                    && l.stream().anyMatch(t -> t.is("ForeignKey") || t.is("OneToOneField"))
                    && l.get(0).indent() == firstIndent(c)) {
                return true;
            }
        }
        return false;
    }

    private static int firstIndent(PyClass c) {
        return c.body().isEmpty() ? -1 : c.body().get(0).get(0).indent();
    }

    static boolean isAbstract(PyClass c) {
        boolean inMeta = false;
        int metaIndent = -1;
        for (List<Token> l : c.body()) {
            Token f = l.get(0);
            if (inMeta && f.indent() <= metaIndent) {
                inMeta = false;
            }
            if (f.is("class") && l.size() > 1 && l.get(1).text().equals("Meta")) {
                inMeta = true;
                metaIndent = f.indent();
                continue;
            }
            if (inMeta
                    && l.size() >= 3
                    && f.text().equals("abstract")
                    && l.get(1).is("=")
                    && l.get(2).is("True")) {
                return true;
            }
        }
        return false;
    }

    static List<PyClass> classes(String path, List<Token> tokens) {
        List<List<Token>> lines = PythonTokens.logicalLines(tokens);
        List<PyClass> out = new ArrayList<>();
        for (int k = 0; k < lines.size(); k++) {
            List<Token> l = lines.get(k);
            if (l.size() < 2 || !l.get(0).is("class") || l.get(1).type() != Type.NAME) {
                continue;
            }
            List<String> bases = new ArrayList<>();
            if (l.size() > 2 && l.get(2).is("(")) {
                StringBuilder cur = new StringBuilder();
                int depth = 0;
                boolean keyword = false;
                for (int m = 2; m < l.size(); m++) {
                    Token t = l.get(m);
                    if (t.is("(") || t.is("[")) {
                        depth++;
                        if (depth == 1) {
                            continue;
                        }
                    }
                    if (t.is(")") || t.is("]")) {
                        depth--;
                        if (depth == 0) {
                            if (!keyword && cur.length() > 0) {
                                bases.add(cur.toString());
                            }
                            break;
                        }
                    }
                    if (depth == 1 && t.is(",")) {
                        if (!keyword && cur.length() > 0) {
                            bases.add(cur.toString());
                        }
                        cur.setLength(0);
                        keyword = false;
                    } else if (depth == 1 && t.is("=")) {
                        keyword = true;
                    } else if (depth == 1 && (t.type() == Type.NAME || t.is("."))) {
                        cur.append(t.text());
                    }
                }
            }
            int indent = l.get(0).indent();
            List<List<Token>> body = new ArrayList<>();
            for (int m = k + 1; m < lines.size() && lines.get(m).get(0).indent() > indent; m++) {
                body.add(lines.get(m));
            }
            out.add(new PyClass(
                    path, l.get(1).text(), List.copyOf(bases), l.get(0).line(), indent, body));
        }
        return out;
    }
}
