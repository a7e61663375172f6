package com.meatscentral.golden.rules;

import com.meatscentral.golden.rules.PythonTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A Python class found by tokens: where it is, its bases as written, its body's logical lines. */
record PyClass(String path, String name, List<String> bases, int line, int indent, List<List<Token>> body) {

    boolean derivesFrom(List<String> simpleNames) {
        return bases.stream().anyMatch(b -> simpleNames.contains(PythonModule.simple(b)));
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

    /** {@code tenant = models.ForeignKey(...)} (or OneToOneField / ForeignKey imported bare). */
    boolean hasTenantField() {
        for (List<Token> l : body) {
            if (l.size() > 2
                    && l.get(0).text().equals("tenant")
                    && l.get(1).is("=")
                    && l.stream().anyMatch(t -> t.is("ForeignKey") || t.is("OneToOneField"))
                    && l.get(0).indent() == firstIndent()) {
                return true;
            }
        }
        return false;
    }

    int firstIndent() {
        return body.isEmpty() ? -1 : body.get(0).get(0).indent();
    }

    boolean isAbstract() {
        boolean inMeta = false;
        int metaIndent = -1;
        for (List<Token> l : body) {
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
}
