package com.meatscentral.golden.rules;

import com.meatscentral.golden.rules.PythonTokens.Token;
import com.meatscentral.golden.rules.PythonTokens.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * What one Python file declares, read from its tokens: its classes (name, bases, body) and the
 * modules it imports from, so that a base class is looked up in the module it came from.
 */
final class PythonModule {

    private PythonModule() {}

    /** Whether {@code path} is the file of {@code module}, given as a path without extension ("apps/core/models"). */
    static boolean isModule(String path, String module) {
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
    static List<String> importedModules(String path, List<List<Token>> lines) {
        List<String> modules = new ArrayList<>();
        for (List<Token> l : lines) {
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

    /** The classes of a file, from its logical lines ({@link ProjectTree#pythonLines}). */
    static List<PyClass> classes(String path, List<List<Token>> lines) {
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
