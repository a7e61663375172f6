package com.meatscentral.golden.mojo;

import com.meatscentral.golden.secrets.GitHubAccess;
import com.meatscentral.golden.secrets.SecretsAudit;
import java.io.File;
import java.util.Optional;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Audits CI secrets against {@code config/env.manifest.json}: every environment's secrets
 * in GitHub (REST API), or one environment's secrets in the process environment
 * ({@code -Denv=NAME}). Missing required secrets fail the build. Runs without a project.
 */
@Mojo(name = "audit", defaultPhase = LifecyclePhase.VALIDATE, requiresProject = false, threadSafe = true)
public class AuditMojo extends AbstractGoldenMojo {

    /** The manifest to audit. */
    @Parameter(property = "golden.manifest", defaultValue = "${basedir}/config/env.manifest.json")
    private File manifest;

    /** Audit only this environment; with no token, check it in the process environment. */
    @Parameter(property = "env")
    private String env;

    /** {@code github} or {@code env}; default: github when a token is present, else env when -Denv is given. */
    @Parameter(property = "golden.audit.source")
    private String source;

    /** Fail on zombie secrets and undocumented prefix violations too. */
    @Parameter(property = "golden.audit.failOnWarning", defaultValue = "false")
    private boolean failOnWarning;

    /** Skips this goal. */
    @Parameter(property = "golden.audit.skip", defaultValue = "false")
    public void setAuditSkip(boolean auditSkip) {
        skipGoal(auditSkip);
    }

    /** {@code owner/name}; default GITHUB_REPOSITORY. */
    @Parameter(property = "golden.github.repository")
    private String repository;

    /** GitHub REST API base URL; default GITHUB_API_URL, else https://api.github.com. */
    @Parameter(property = "golden.github.apiUrl")
    private String apiUrl;

    /** settings.xml server whose password is the GitHub token, used when GITHUB_TOKEN and GH_TOKEN are unset. */
    @Parameter(property = "golden.github.serverId", defaultValue = "github")
    private String serverId;

    private GitHubAccess access;

    /** GitHub's API, when the audit is against GitHub (a token, or -Dgolden.audit.source=github). */
    @Override
    protected Optional<String> needsNetwork() {
        if (boundToLifecycle() && nothingToAuditAgainst(access())) {
            return Optional.empty();
        }
        return SecretsAudit.chooseSource(
                                Optional.ofNullable(source),
                                access(),
                                Optional.ofNullable(env).filter(e -> !e.isBlank()))
                        == SecretsAudit.Source.GITHUB
                ? Optional.of("read the secrets from the GitHub API")
                : Optional.empty();
    }

    @Override
    protected void run() {
        GitHubAccess access = access();
        if (boundToLifecycle() && nothingToAuditAgainst(access)) {
            // A developer's `mvn verify` has neither a token nor -Denv: failing it would only teach
            // people to skip the goal. golden:deploy always audits its environment, so nothing
            // reaches a droplet unaudited; a direct `mvn golden:audit` still fails with advice.
            console()
                    .warn(
                            "golden:audit: no GitHub token and no -Denv, so there is nothing to audit against;"
                                    + " skipped. In CI set GITHUB_TOKEN + GITHUB_REPOSITORY (all environments) or pass -Denv=<name>.");
            return;
        }
        SecretsAudit.Request request = new SecretsAudit.Request(
                manifest.toPath(),
                Optional.ofNullable(env).filter(e -> !e.isBlank()),
                Optional.ofNullable(source),
                access,
                failOnWarning,
                environment());
        new SecretsAudit(console(), actions, redactor).run(request);
    }

    /** Where and as whom to call GitHub: the token may be settings.xml's, the proxy is settings.xml's. */
    private GitHubAccess access() {
        if (access == null) {
            GitHubAccess resolved = GitHubAccess.resolve(
                    environment(),
                    Optional.ofNullable(repository),
                    Optional.ofNullable(apiUrl),
                    mavenSettings().serverPassword(serverId),
                    serverId);
            access = resolved.withProxy(mavenSettings().proxyFor(resolved.apiUrl()));
        }
        return access;
    }

    private boolean nothingToAuditAgainst(GitHubAccess access) {
        return (source == null || source.isBlank()) && !access.hasToken() && (env == null || env.isBlank());
    }
}
