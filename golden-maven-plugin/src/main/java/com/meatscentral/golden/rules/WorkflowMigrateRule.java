package com.meatscentral.golden.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Workflows migrate through golden:migrate / golden:deploy, or through the bastion tunnel
 * pattern: local port 5433, {@code docker run --network host}, {@code --fake-initial --noinput}.
 * A step that runs migrate any other way (e.g. over SSH inside a deployed container) is reported.
 */
public final class WorkflowMigrateRule extends DescribedRule {

    static final List<String> TUNNEL_MARKERS = List.of("5433", "--network host", "--fake-initial", "--noinput");

    public WorkflowMigrateRule() {
        super(RuleTexts.WORKFLOW_MIGRATE.text());
    }

    @Override
    public List<Violation> check(ProjectTree tree) {
        List<Violation> out = new ArrayList<>();
        List<String> workflows = tree.files(WorkflowYaml::isWorkflow).toList();
        boolean migrates = false;
        for (String path : workflows) {
            Optional<WorkflowYaml> yaml = WorkflowYaml.parse(tree, path);
            if (yaml.isEmpty()) {
                continue;
            }
            for (WorkflowYaml.Scalar s : yaml.get().scalars()) {
                String v = s.value();
                if (v.contains("golden:migrate") || v.contains("golden:deploy")) {
                    migrates = true;
                }
                Matcher m = MigrateAtStartupRule.MIGRATE.matcher(v);
                if (m.find()) {
                    String job = s.job()
                            .map(j -> String.join(
                                    "\n",
                                    yaml.get().ofJob(j).stream()
                                            .map(WorkflowYaml.Scalar::value)
                                            .toList()))
                            .orElse(v);
                    List<String> missing = TUNNEL_MARKERS.stream()
                            .filter(t ->
                                    !job.contains(t) && !(t.equals("--network host") && job.contains("--network=host")))
                            .toList();
                    if (missing.isEmpty() && v.contains("--fake-initial") && v.contains("--noinput")) {
                        migrates = true;
                    } else {
                        out.add(violation(
                                path,
                                s.lineAt(m.start()),
                                "runs migrate outside the bastion tunnel pattern"
                                        + (missing.isEmpty()
                                                ? " (the migrate command lacks --fake-initial --noinput)"
                                                : " (missing: " + String.join(", ", missing) + ")")));
                    }
                }
            }
        }
        if (!workflows.isEmpty() && !migrates && out.isEmpty()) {
            out.add(violation(
                    workflows.get(0),
                    1,
                    "no workflow runs migrations (golden:migrate, golden:deploy or the tunnel pattern)"));
        }
        return out;
    }
}
