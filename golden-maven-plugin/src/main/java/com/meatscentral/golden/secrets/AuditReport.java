package com.meatscentral.golden.secrets;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.manifest.ResolvedVariable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The audit's findings, printed in the reference tool's words ({@code Fetched N Global
 * Repository Secrets}, {@code Scanning Environment: X...}, {@code All Clear (N env-specific
 * secrets found)}), as a Markdown table for the GitHub step summary, and as a failure.
 * Holds names only, never values.
 */
public record AuditReport(
        SecretsAudit.Source source,
        String repository,
        int repositorySecrets,
        int organizationSecrets,
        List<String> repositoryZombies,
        List<EnvironmentAudit> environments) {

    public AuditReport {
        repositoryZombies = List.copyOf(repositoryZombies);
        environments = List.copyOf(environments);
    }

    public int missingCount() {
        return environments.stream().mapToInt(e -> e.missing().size()).sum();
    }

    public int zombieCount() {
        return repositoryZombies.size()
                + environments.stream().mapToInt(e -> e.zombies().size()).sum();
    }

    public int warningCount() {
        return environments.stream().mapToInt(e -> e.warnings().size()).sum();
    }

    public void print(Console console) {
        if (source == SecretsAudit.Source.GITHUB) {
            console.info("Fetched " + repositorySecrets + " Global Repository Secrets");
            console.info("Fetched " + organizationSecrets + " Organization Secrets shared with " + repository);
        }
        for (EnvironmentAudit env : environments) {
            console.info("Scanning Environment: " + env.environment()
                    + (source == SecretsAudit.Source.ENV ? " (process environment)" : "")
                    + (env.githubEnvironment().equals(env.environment()) || source == SecretsAudit.Source.ENV
                            ? ""
                            : " (GitHub environment " + env.githubEnvironment() + ")")
                    + "...");
            if (env.allClear()) {
                console.info("  All Clear (" + env.found()
                        + (source == SecretsAudit.Source.GITHUB
                                ? " env-specific secrets found)"
                                : " secrets set in the process environment)"));
            } else {
                console.error("  Missing " + env.missing().size() + " required secret"
                        + (env.missing().size() == 1 ? "" : "s") + " in " + env.environment() + ":");
                env.missing().forEach(m -> console.error("    " + m.arrow()));
            }
            if (!env.absentOptional().isEmpty()) {
                console.info("  Optional, not set: "
                        + env.absentOptional().stream()
                                .map(ResolvedVariable::arrow)
                                .collect(Collectors.joining(", ")));
            }
            env.zombies()
                    .forEach(z -> console.warn("  Zombie secret " + z + " in GitHub environment "
                            + env.githubEnvironment() + ": no mapping of the manifest uses it"));
            env.warnings().forEach(w -> console.warn("  " + w));
        }
        repositoryZombies.forEach(z -> console.warn("Zombie repository secret " + z
                + ": no mapping of the manifest uses it and it is not declared in global_secrets"));
        console.info("Audit: " + environments.size() + " environment" + (environments.size() == 1 ? "" : "s")
                + ", " + missingCount() + " missing, " + zombieCount() + " zombie" + (zombieCount() == 1 ? "" : "s")
                + ", " + warningCount() + " warning" + (warningCount() == 1 ? "" : "s"));
    }

    /** The step-summary table: environments x (missing, zombies, warnings). */
    public String markdown() {
        StringBuilder md = new StringBuilder("### golden:audit (")
                .append(
                        source == SecretsAudit.Source.GITHUB
                                ? "GitHub secrets of " + repository
                                : "process environment")
                .append(")\n\n| Environment | Missing | Zombies | Warnings |\n|---|---|---|---|\n");
        for (EnvironmentAudit env : environments) {
            md.append("| `")
                    .append(env.environment())
                    .append("` | ")
                    .append(cell(env.missing().stream()
                            .map(m -> m.arrow().replace(" -> ", " → "))
                            .toList()))
                    .append(" | ")
                    .append(cell(env.zombies()))
                    .append(" | ")
                    .append(cell(env.warnings()))
                    .append(" |\n");
        }
        if (!repositoryZombies.isEmpty()) {
            md.append("| (repository) | ✅ | ").append(cell(repositoryZombies)).append(" | ✅ |\n");
        }
        md.append('\n')
                .append(missingCount() == 0 ? "All Clear: " : "**Failed:** ")
                .append(missingCount())
                .append(" missing, ")
                .append(zombieCount())
                .append(" zombies, ")
                .append(warningCount())
                .append(" warnings\n");
        return md.toString();
    }

    private static String cell(List<String> items) {
        if (items.isEmpty()) {
            return "✅";
        }
        return items.stream().map(i -> i.replace("|", "\\|")).collect(Collectors.joining("<br>"));
    }

    /** The build failure this report calls for, if any. */
    public Optional<GoldenException> failure(boolean failOnWarning, String manifest) {
        if (missingCount() > 0) {
            List<String> lines = new ArrayList<>();
            for (EnvironmentAudit env : environments) {
                env.missing().forEach(m -> lines.add(env.environment() + ": " + m.arrow()));
            }
            String hint = source == SecretsAudit.Source.GITHUB
                    ? "add each secret to the GitHub environment named before the colon (Settings > Environments >"
                            + " <environment> > Add environment secret), or to the repository if it is declared in global_secrets;"
                            + " the names come from " + manifest
                    : "set each secret named after the arrow in this process's environment; in GitHub Actions map it"
                            + " in the job, e.g. `env: " + firstSecret() + ": ${{ secrets." + firstSecret() + " }}`";
            return Optional.of(new GoldenException(
                    "Secrets audit failed: " + missingCount() + " required secret"
                            + (missingCount() == 1 ? "" : "s") + " missing:"
                            + lines.stream()
                                    .map(l -> System.lineSeparator() + "  " + l)
                                    .collect(Collectors.joining()),
                    hint));
        }
        int warnings = zombieCount() + warningCount();
        if (failOnWarning && warnings > 0) {
            return Optional.of(new GoldenException(
                    "Secrets audit failed on " + warnings + " warning"
                            + (warnings == 1 ? "" : "s") + " (golden.audit.failOnWarning=true): " + zombieCount()
                            + " zombie secrets, " + warningCount() + " other warnings (listed above)",
                    "delete zombie secrets in GitHub or map them in " + manifest + "; document legacy names in the"
                            + " environment's \"legacy\" text; or run without -Dgolden.audit.failOnWarning=true"));
        }
        return Optional.empty();
    }

    private String firstSecret() {
        return environments.stream()
                .flatMap(e -> e.missing().stream())
                .findFirst()
                .flatMap(ResolvedVariable::secretName)
                .orElse("NAME");
    }
}
