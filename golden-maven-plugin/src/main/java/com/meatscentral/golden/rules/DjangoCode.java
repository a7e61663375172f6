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

    /** A model class in a tenant app, and whether it carries the tenant FK. */
    record Model(PyClass cls, boolean tenantScoped, boolean abstractModel) {
    }

    final List<Model> tenantAppModels = new ArrayList<>();
    final Map<String, Model> tenantModelsByName = new HashMap<>();
    final List<PyClass> viewSets = new ArrayList<>();

    static DjangoCode of(ProjectTree tree, VerifyConfig config) {
        return tree.memo("django", () -> analyse(tree, config));
    }

    private static DjangoCode analyse(ProjectTree tree, VerifyConfig config) {
        DjangoCode code = new DjangoCode();
        tree.files(p -> p.endsWith(".py")).forEach(path -> {
            Optional<String> app = config.appOf(path);
            if (app.isEmpty()) {
                return;
            }
            List<PyClass> classes = classes(path, tree.pythonTokens(path));
            boolean modelsModule = path.contains("/models/") || ProjectTree.fileName(path).equals("models.py");
            if (modelsModule && config.isTenantApp(app.get())) {
                Map<String, Model> local = new LinkedHashMap<>();
                for (PyClass c : classes) {
                    boolean parentModel = c.bases().stream().anyMatch(b -> local.containsKey(simple(b)));
                    boolean isModel = parentModel || c.bases().stream().anyMatch(b -> b.equals("models.Model")
                            || b.equals("Model")) || c.derivesFrom(config.tenantModelBases());
                    if (!isModel) {
                        continue;
                    }
                    boolean inheritsTenant = c.bases().stream()
                            .anyMatch(b -> local.containsKey(simple(b)) && local.get(simple(b)).tenantScoped());
                    boolean scoped = inheritsTenant || c.derivesFrom(config.tenantModelBases()) || hasTenantField(c);
                    Model m = new Model(c, scoped, isAbstract(c));
                    local.put(c.name(), m);
                    code.tenantAppModels.add(m);
                    if (scoped && !m.abstractModel()) {
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

    static String simple(String dotted) {
        int dot = dotted.lastIndexOf('.');
        return dot < 0 ? dotted : dotted.substring(dot + 1);
    }

    /** {@code tenant = models.ForeignKey(...)} (or OneToOneField / ForeignKey imported bare). */
    private static boolean hasTenantField(PyClass c) {
        for (List<Token> l : c.body()) {
            if (l.size() > 2 && l.get(0).text().equals("tenant") && l.get(1).is("=")
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

    private static boolean isAbstract(PyClass c) {
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
            if (inMeta && l.size() >= 3 && f.text().equals("abstract") && l.get(1).is("=") && l.get(2).is("True")) {
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
            out.add(new PyClass(path, l.get(1).text(), List.copyOf(bases), l.get(0).line(), indent, body));
        }
        return out;
    }
}
