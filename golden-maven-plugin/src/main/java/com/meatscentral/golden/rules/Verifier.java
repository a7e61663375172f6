package com.meatscentral.golden.rules;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.ci.GitHubActions;
import com.meatscentral.golden.manifest.Manifest;
import com.meatscentral.golden.workflows.WorkflowGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * golden:verify's core: walks the tree once, runs the selected rules, drops violations
 * suppressed by a {@code golden:allow <rule> <reason>} comment on the line or the line above,
 * and reports them grouped by rule ({@code path:line: [rule] message (fix: ...)}) with
 * GitHub annotations when running in Actions.
 */
public final class Verifier {

    private static final Pattern COMMENT_LINE = Pattern.compile("\\s*(#|//|/\\*|\\*|<!--|--|;|\\{#|REM\\s)");
    private static final Pattern ALLOW = Pattern.compile("golden:allow\\s+([a-z0-9-]+)\\s+\\S");

    public record Result(List<Violation> violations, List<Rule> rules, int files) {}

    private final Console console;
    private final GitHubActions actions;

    public Verifier(Console console, GitHubActions actions) {
        this.console = console;
        this.actions = actions;
    }

    /** Checks {@code root}; the generated workflows are computed from its manifest when it loads. */
    public Result check(Path root, VerifyConfig config, List<String> include, List<String> exclude) {
        ProjectTree tree = ProjectTree.walk(root);
        DjangoApps.validate(tree, config);
        Optional<Manifest> manifest = ManifestRule.load(tree, config.manifestPath());
        VerifyConfig effective = config;
        Optional<String[]> generationProblem = Optional.empty();
        if (config.generatedWorkflows().isEmpty() && manifest.isPresent()) {
            try {
                Map<String, String> generated = WorkflowGenerator.generate(manifest.get(), config.branches());
                effective = config.with(b -> b.generatedWorkflows = generated);
            } catch (GoldenException e) {
                generationProblem =
                        Optional.of(new String[] {e.getMessage(), e.hint().orElse("")});
            }
        }
        List<Rule> rules = Rules.select(Rules.all(effective, manifest, generationProblem), include, exclude);
        List<Violation> found = new ArrayList<>();
        rules.parallelStream().map(r -> r.check(tree)).toList().forEach(found::addAll);
        List<Violation> kept = found.stream()
                .filter(v -> !suppressed(tree, v))
                .sorted(Comparator.comparing(Violation::rule, Comparator.comparingInt(id -> order(rules, id)))
                        .thenComparing(Violation::path)
                        .thenComparingInt(Violation::line))
                .distinct()
                .toList();
        return new Result(kept, rules, tree.files().size());
    }

    private static int order(List<Rule> rules, String id) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).id().equals(id)) {
                return i;
            }
        }
        return rules.size();
    }

    static boolean suppressed(ProjectTree tree, Violation v) {
        List<String> lines = tree.lines(v.path());
        for (int l = v.line(); l >= v.line() - 1 && l >= 1; l--) {
            // The line above counts only when it is a comment of its own, not another line's trailing comment.
            if (l <= lines.size()
                    && (l == v.line() || COMMENT_LINE.matcher(lines.get(l - 1)).lookingAt())) {
                var m = ALLOW.matcher(lines.get(l - 1));
                while (m.find()) {
                    if (m.group(1).equals(v.rule())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Prints the result; throws a {@link GoldenException} when violations fail the build. */
    public void report(Result result, boolean failOnViolation) {
        List<Rule> described = result.rules();
        Map<String, List<Violation>> byRule = new LinkedHashMap<>();
        result.violations()
                .forEach(v ->
                        byRule.computeIfAbsent(v.rule(), k -> new ArrayList<>()).add(v));
        for (Map.Entry<String, List<Violation>> e : byRule.entrySet()) {
            String reason = described.stream()
                    .filter(r -> r.id().equals(e.getKey()))
                    .map(Rule::reason)
                    .findFirst()
                    .orElse("");
            console.error("[" + e.getKey() + "] " + reason + " (" + e.getValue().size() + ")");
            for (Violation v : e.getValue()) {
                console.error(v.format());
                v.details().ifPresent(d -> d.lines().forEach(l -> console.error("    " + l)));
                actions.error(v.path(), v.line(), "[" + v.rule() + "] " + v.message() + " (fix: " + v.fix() + ")");
            }
        }
        int n = result.violations().size();
        String summary = "golden:verify: " + n + " violation" + (n == 1 ? "" : "s") + " ("
                + result.rules().size() + " rules, " + result.files() + " files)";
        if (n == 0) {
            console.info(summary);
            return;
        }
        if (failOnViolation) {
            throw new GoldenException(
                    summary,
                    "fix each line above, or suppress a deliberate exception with a "
                            + "`golden:allow <rule> <reason>` comment on that line or the line above");
        }
        console.warn(summary);
    }
}
