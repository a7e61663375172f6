package com.meatscentral.golden.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service that inherits golden-parent keeps its golden executions: none unbound with
 * {@code <phase>none</phase>} or removed. The mojo passes the project's effective bindings
 * (goal -> phases); this rule does not look at Maven.
 */
public final class ParentBindingsRule extends ConfiguredRule {

    /** What golden-parent binds; migrate is deliberately not bound (golden:deploy runs it). */
    public static final Map<String, String> EXPECTED = expected();

    public ParentBindingsRule(VerifyConfig config) {
        super(RuleTexts.PARENT_BINDINGS.text(), config);
    }

    private static Map<String, String> expected() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("verify", "validate");
        m.put("audit", "validate");
        m.put("build", "package");
        m.put("push", "deploy");
        m.put("deploy", "deploy");
        return m;
    }

    @Override
    public List<Violation> check(ProjectTree tree) {
        List<Violation> out = new ArrayList<>();
        if (config.bindings().isEmpty()) {
            return out;
        }
        Map<String, List<String>> effective = config.bindings().get();
        List<String> pom = tree.lines(config.pomPath());
        for (Map.Entry<String, String> e : EXPECTED.entrySet()) {
            List<String> phases = effective.getOrDefault(e.getKey(), List.of());
            if (!phases.contains(e.getValue())) {
                out.add(violation(
                        config.pomPath(),
                        overrideLine(pom, e.getKey()),
                        "golden:" + e.getKey()
                                + " is not bound to " + e.getValue() + " (effective: "
                                + (phases.isEmpty() ? "unbound" : String.join(", ", phases)) + ")"));
            }
        }
        return out;
    }

    /** The line of the {@code <phase>none</phase>} that unbinds the goal, else of the first one, else 1. */
    static int overrideLine(List<String> pom, String goal) {
        int firstNone = 0;
        for (int i = 0; i < pom.size(); i++) {
            if (pom.get(i).contains("<phase>none</phase>")) {
                if (firstNone == 0) {
                    firstNone = i + 1;
                }
                for (int k = Math.max(0, i - 6); k < Math.min(pom.size(), i + 6); k++) {
                    if (pom.get(k).contains("golden-" + goal + "<")
                            || pom.get(k).contains(">" + goal + "</goal>")) {
                        return i + 1;
                    }
                }
            }
        }
        return firstNone == 0 ? 1 : firstNone;
    }
}
