package com.meatscentral.golden.rules;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The generated workflows equal what golden:workflows generates from the manifest (a diff shows the drift). */
public final class WorkflowDriftRule extends DescribedRule {

    private final Map<String, String> generated;

    public WorkflowDriftRule(Map<String, String> generated) {
        super(RuleTexts.WORKFLOW_DRIFT.text());
        this.generated = new TreeMap<>(generated);
    }

    @Override
    public List<Violation> check(ProjectTree tree) {
        List<Violation> out = new ArrayList<>();
        for (Map.Entry<String, String> e : generated.entrySet()) {
            String path = e.getKey();
            Optional<String> actual = tree.exists(path) ? tree.text(path) : Optional.empty();
            if (actual.isEmpty()) {
                out.add(violation(path, 1, "generated workflow is missing"));
                continue;
            }
            diff(path, actual.get(), e.getValue())
                    .ifPresent(d -> out.add(new Violation(
                            id(),
                            path,
                            d.line(),
                            "differs from what golden:workflows generates",
                            fix(),
                            Optional.of(d.text()))));
        }
        return out;
    }

    /** The first changed line and a unified diff (committed -> generated). */
    public record Diff(int line, String text) {}

    public static Optional<Diff> diff(String path, String actual, String expected) {
        if (actual.equals(expected)) {
            return Optional.empty();
        }
        List<String> a = Arrays.asList(actual.split("\n", -1));
        List<String> b = Arrays.asList(expected.split("\n", -1));
        Patch<String> patch = DiffUtils.diff(a, b);
        List<AbstractDelta<String>> deltas = patch.getDeltas();
        int line = deltas.isEmpty() ? 1 : deltas.get(0).getSource().getPosition() + 1;
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff("a/" + path, "b/" + path, a, patch, 3);
        if (deltas.isEmpty()) {
            unified = List.of("(line endings or trailing whitespace differ)");
        }
        return Optional.of(new Diff(
                line,
                String.join(
                        "\n",
                        unified.stream().map(WorkflowDriftRule::maskLiteral).toList())));
    }

    private static final java.util.regex.Pattern ENV_LITERAL =
            java.util.regex.Pattern.compile("^([-+ ]\\s*[A-Z][A-Z0-9_]*\\s*:\\s*)(?![\"']?\\$\\{\\{)(\\S.*)$");

    /**
     * A hand edit may have pasted a secret into the committed workflow (an {@code env:} entry
     * with a literal instead of {@code ${{ secrets.X }}}); the diff shows that such a line
     * changed, never its value.
     */
    static String maskLiteral(String diffLine) {
        if (diffLine.startsWith("---") || diffLine.startsWith("+++")) {
            return diffLine;
        }
        java.util.regex.Matcher m = ENV_LITERAL.matcher(diffLine);
        return m.matches() ? m.group(1) + "***" : diffLine;
    }
}
