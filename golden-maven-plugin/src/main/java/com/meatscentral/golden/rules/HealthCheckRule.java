package com.meatscentral.golden.rules;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Health checks in workflows: backend on {@code localhost:8000/api/v1/health/}, frontend on
 * {@code 127.0.0.1:8080/} (the container, not the proxy), 5 attempts. A workflow that starts
 * pm-backend / pm-frontend by hand must check them.
 */
public final class HealthCheckRule extends ConfiguredRule {

    private static final Pattern URL =
            Pattern.compile("https?://([A-Za-z0-9.\\-]+|\\$\\{?[A-Za-z_]+\\}?):(8000|8080)(/[^\\s\"')]*)?");
    private static final Pattern ATTEMPTS = Pattern.compile(
            "(?:seq\\s+1\\s+(\\d+)|\\{1\\.\\.(\\d+)\\}|(?:attempts|ATTEMPTS|retries|RETRIES)\\s*=\\s*(\\d+)|--retry\\s+(\\d+))");

    public HealthCheckRule(VerifyConfig config) {
        super(
                new RuleText(
                        "health-checks",
                        "a deploy is done when the container answers: backend " + config.backendHealth() + ", frontend "
                                + config.frontendHealth() + ", " + config.healthAttempts() + " attempts",
                        "let golden:deploy check health, or poll " + config.backendHealth() + " / "
                                + config.frontendHealth() + " " + config.healthAttempts() + " times"),
                config);
    }

    @Override
    public List<Violation> check(ProjectTree tree) {
        List<Violation> out = new ArrayList<>();
        URI backend = URI.create(config.backendHealth());
        URI frontend = URI.create(config.frontendHealth());
        tree.files(WorkflowYaml::isWorkflow)
                .forEach(path -> WorkflowYaml.parse(tree, path).ifPresent(yaml -> {
                    boolean startsBackend = false;
                    boolean startsFrontend = false;
                    boolean checksBackend = false;
                    boolean checksFrontend = false;
                    int startLine = 1;
                    for (WorkflowYaml.Scalar s : yaml.scalars()) {
                        String v = s.value();
                        if (v.contains("golden:deploy")) {
                            checksBackend = checksFrontend = true; // the goal checks health itself
                        }
                        if (v.contains("docker run") && v.contains("pm-backend")) {
                            startsBackend = true;
                            startLine = s.line();
                        }
                        if (v.contains("docker run") && v.contains("pm-frontend")) {
                            startsFrontend = true;
                            startLine = s.line();
                        }
                        boolean health = false;
                        Matcher m = URL.matcher(v);
                        while (m.find()) {
                            boolean isBackend = m.group(2).equals(String.valueOf(backend.getPort()));
                            URI expected = isBackend ? backend : frontend;
                            String host = m.group(1);
                            String p = Optional.ofNullable(m.group(3)).orElse("/");
                            if (!host.equals(expected.getHost()) || !p.equals(expected.getPath())) {
                                out.add(violation(
                                        path,
                                        s.lineAt(m.start()),
                                        (isBackend ? "backend" : "frontend") + " health check on " + m.group()
                                                + ", not " + expected));
                            } else if (isBackend) {
                                checksBackend = true;
                            } else {
                                checksFrontend = true;
                            }
                            health = true;
                        }
                        if (health) {
                            Matcher a = ATTEMPTS.matcher(v);
                            while (a.find()) {
                                String n = a.group(1) != null
                                        ? a.group(1)
                                        : a.group(2) != null
                                                ? a.group(2)
                                                : a.group(3) != null ? a.group(3) : a.group(4);
                                if (Integer.parseInt(n) != config.healthAttempts()) {
                                    out.add(violation(
                                            path,
                                            s.lineAt(a.start()),
                                            "health check makes " + n + " attempts, not " + config.healthAttempts()));
                                }
                            }
                        }
                    }
                    if (startsBackend && !checksBackend) {
                        out.add(violation(path, startLine, "starts pm-backend without checking " + backend));
                    }
                    if (startsFrontend && !checksFrontend) {
                        out.add(violation(path, startLine, "starts pm-frontend without checking " + frontend));
                    }
                }));
        checkPluginConfiguration(tree, out);
        return out;
    }

    /** golden:deploy's health settings in the POM (properties or plugin configuration): no weaker than the golden values. */
    private static final Pattern POM_SETTING = Pattern.compile(
            "<(golden\\.health\\.attempts|healthAttempts|golden\\.health\\.timeoutSeconds|healthTimeoutSeconds)>\\s*(\\d+)\\s*</\\1>");

    private void checkPluginConfiguration(ProjectTree tree, List<Violation> out) {
        String pom = config.pomPath();
        if (pom == null || !tree.exists(pom)) {
            return;
        }
        List<String> lines = tree.lines(pom);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = POM_SETTING.matcher(lines.get(i));
            while (m.find()) {
                int value = Integer.parseInt(m.group(2));
                boolean attempts = m.group(1).toLowerCase(java.util.Locale.ROOT).contains("attempts");
                int golden = attempts ? config.healthAttempts() : GOLDEN_WINDOW_SECONDS;
                if (value < golden) {
                    out.add(violation(
                            pom,
                            i + 1,
                            m.group(1) + " is " + value + ": golden:deploy would check health "
                                    + (attempts
                                            ? value + " times, not " + golden
                                            : "for " + value + " s, not " + golden + " s")
                                    + " before rolling back"));
                }
            }
        }
    }

    /** The reference's health window: 5 attempts within 25 s. */
    static final int GOLDEN_WINDOW_SECONDS = 25;
}
