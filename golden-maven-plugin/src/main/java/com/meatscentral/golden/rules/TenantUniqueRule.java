package com.meatscentral.golden.rules;

import com.meatscentral.golden.rules.PythonTokens.Token;
import com.meatscentral.golden.rules.PythonTokens.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Uniqueness on a tenant model is per tenant: UniqueConstraint fields and unique_together
 * groups include {@code tenant}; no {@code unique=True} field (a per-tenant code declared
 * globally unique makes one tenant's value block another's).
 */
public final class TenantUniqueRule extends ConfiguredRule {

    public TenantUniqueRule(VerifyConfig config) {
        super(RuleTexts.TENANCY_UNIQUE.text(), config);
    }

    @Override
    public List<Violation> check(ProjectTree tree) {
        List<Violation> out = new ArrayList<>();
        DjangoCode code = DjangoCode.of(tree, config);
        // Each class once, with the tenant model that brings it in: a base's unique field is every heir's.
        java.util.Map<PyClass, String> declaring = new java.util.LinkedHashMap<>();
        code.tenantModelsByName.values().stream()
                .map(DjangoCode.Model::cls)
                .sorted(java.util.Comparator.comparing(PyClass::path).thenComparingInt(PyClass::line))
                .forEach(model -> code.withAncestors(model)
                        .forEach(c -> declaring.putIfAbsent(
                                c, c == model ? "" : " (inherited by tenant model " + model.name() + ")")));
        for (java.util.Map.Entry<PyClass, String> d : declaring.entrySet()) {
            PyClass c = d.getKey();
            String heir = d.getValue();
            for (List<Token> l : c.body()) {
                Token first = l.get(0);
                if (first.text().equals("unique_together")
                        && l.size() > 2
                        && l.get(1).is("=")) {
                    for (List<String> group : stringGroups(l.subList(2, l.size()))) {
                        if (!group.contains("tenant") && !group.contains("tenant_id")) {
                            out.add(violation(
                                    c.path(),
                                    first.line(),
                                    c.name() + ".unique_together " + group + " does not include tenant" + heir));
                        }
                    }
                }
                for (int k = 0; k + 1 < l.size(); k++) {
                    if (l.get(k).is("UniqueConstraint") && l.get(k + 1).is("(")) {
                        List<String> fields = fieldsArgument(l, k + 2);
                        if (!fields.isEmpty() && !fields.contains("tenant") && !fields.contains("tenant_id")) {
                            out.add(violation(
                                    c.path(),
                                    l.get(k).line(),
                                    c.name() + " UniqueConstraint " + fields + " does not include tenant" + heir));
                        }
                    }
                    if (l.get(k).is("unique")
                            && l.get(k + 1).is("=")
                            && k + 2 < l.size()
                            && l.get(k + 2).is("True")
                            && first.type() == Type.NAME
                            && l.size() > 1
                            && l.get(1).is("=")) {
                        out.add(violation(
                                c.path(),
                                l.get(k).line(),
                                c.name() + "." + first.text() + " is unique=True across all tenants" + heir));
                    }
                }
            }
        }
        return out;
    }

    /** The innermost bracket groups of strings, e.g. (('tenant','code'),('name',)) -> [[tenant, code], [name]]. */
    static List<List<String>> stringGroups(List<Token> tokens) {
        List<List<String>> groups = new ArrayList<>();
        Deque<List<String>> stack = new ArrayDeque<>();
        Deque<Boolean> hasChild = new ArrayDeque<>();
        for (Token t : tokens) {
            if (t.is("(") || t.is("[")) {
                if (!hasChild.isEmpty()) {
                    hasChild.pop();
                    hasChild.push(true);
                }
                stack.push(new ArrayList<>());
                hasChild.push(false);
            } else if ((t.is(")") || t.is("]")) && !stack.isEmpty()) {
                List<String> g = stack.pop();
                boolean child = hasChild.pop();
                if (!child && !g.isEmpty()) {
                    groups.add(g);
                }
            } else if (t.type() == Type.STRING && !stack.isEmpty()) {
                stack.peek().add(t.text());
            }
        }
        return groups;
    }

    private static List<String> fieldsArgument(List<Token> l, int from) {
        int depth = 1;
        for (int k = from; k < l.size() && depth > 0; k++) {
            Token t = l.get(k);
            if (t.is("(") || t.is("[")) {
                depth++;
            } else if (t.is(")") || t.is("]")) {
                depth--;
            } else if (depth == 1
                    && t.is("fields")
                    && k + 1 < l.size()
                    && l.get(k + 1).is("=")) {
                List<String> fields = new ArrayList<>();
                int d = 0;
                for (int m = k + 2; m < l.size(); m++) {
                    Token f = l.get(m);
                    if (f.is("(") || f.is("[")) {
                        d++;
                    } else if (f.is(")") || f.is("]")) {
                        if (--d <= 0) {
                            break;
                        }
                    } else if (f.type() == Type.STRING) {
                        fields.add(f.text());
                    }
                }
                return fields;
            }
        }
        return List.of();
    }
}
