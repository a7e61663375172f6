package com.meatscentral.golden.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Production runs SHA-tagged images only: no {@code :latest} / {@code -latest} image in a
 * workflow job whose environment is a production one, and no {@code prod...-latest} /
 * {@code prod...:latest} reference in workflows, compose files, scripts or POMs.
 */
public final class ProdLatestRule extends DescribedRule {

    private static final Pattern LATEST = Pattern.compile("[:\\-]latest\\b");
    private static final Pattern PROD_LATEST = Pattern.compile("(?i)\\bprod[A-Za-z0-9_\\-]*[:\\-]latest\\b");
    private static final Set<String> SCANNED = Set.of("yml", "yaml", "sh", "xml", "json", "env");

    private final Set<String> prodEnvironments;

    public ProdLatestRule(Set<String> prodEnvironments) {
        super(RuleTexts.PROD_LATEST.text());
        this.prodEnvironments = Set.copyOf(prodEnvironments);
    }

    @Override
    public List<Violation> check(ProjectTree tree) {
        List<Violation> out = new ArrayList<>();
        tree.files(WorkflowYaml::isWorkflow)
                .forEach(path -> WorkflowYaml.parse(tree, path).ifPresent(yaml -> {
                    for (WorkflowYaml.Scalar s : yaml.scalars()) {
                        boolean prodJob = s.job()
                                .flatMap(yaml::environmentOf)
                                .map(prodEnvironments::contains)
                                .orElse(false);
                        if (s.key().startsWith("on.") || s.leaf().equals("runs-on")) {
                            continue; // ubuntu-latest is a runner label, not an image
                        }
                        Matcher m = (prodJob ? LATEST : PROD_LATEST).matcher(s.value());
                        if (m.find()) {
                            out.add(violation(
                                    path,
                                    s.lineAt(m.start()),
                                    "references a latest image"
                                            + (prodJob
                                                    ? " in production job "
                                                            + s.job().get()
                                                    : ": " + m.group())));
                        }
                    }
                }));
        tree.files(p -> !WorkflowYaml.isWorkflow(p) && scanned(p)).forEach(path -> {
            List<String> lines = tree.lines(path);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = PROD_LATEST.matcher(lines.get(i));
                if (m.find()) {
                    out.add(violation(path, i + 1, "references a latest image: " + m.group()));
                }
            }
        });
        return out;
    }

    private static boolean scanned(String path) {
        String name = ProjectTree.fileName(path).toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return name.startsWith("docker-compose")
                || name.startsWith("compose")
                || dot > 0 && SCANNED.contains(name.substring(dot + 1)) && !name.equals("package-lock.json");
    }
}
