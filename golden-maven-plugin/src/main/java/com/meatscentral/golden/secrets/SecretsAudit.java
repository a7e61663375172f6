package com.meatscentral.golden.secrets;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.ci.GitHubActions;
import com.meatscentral.golden.manifest.Environment;
import com.meatscentral.golden.manifest.Manifest;
import com.meatscentral.golden.manifest.ManifestLoader;
import com.meatscentral.golden.manifest.ResolvedVariable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The audit behind {@code golden:audit}: every secret the manifest maps must be available,
 * either in GitHub (all environments, via the REST API) or in this process's environment
 * (one environment, as a CI job sees it). Reports zombies (secrets nothing maps) and
 * prefix violations not documented as legacy. Never reads or prints a value from GitHub;
 * in the process environment it only checks values are non-empty, after registering them
 * with the redactor.
 */
public record SecretsAudit(Console console, GitHubActions actions, Redactor redactor) {

    public enum Source {
        GITHUB,
        ENV;

        public String property() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param manifest      the manifest file
     * @param environment   {@code -Denv}: audit only this environment
     * @param source        {@code -Dgolden.audit.source}: github or env; empty = choose
     * @param access        GitHub API URL, repository and token
     * @param failOnWarning fail on zombies and prefix violations too
     * @param processEnv    the process environment (the env source reads secrets from it)
     */
    public record Request(
            Path manifest,
            Optional<String> environment,
            Optional<String> source,
            GitHubAccess access,
            boolean failOnWarning,
            Map<String, String> processEnv) {}

    /** Runs the audit, prints the report, writes the step summary, and throws if it failed. */
    public AuditReport run(Request request) {
        request.access().token().ifPresent(redactor::register);
        Source source = chooseSource(request.source(), request.access(), request.environment());
        Manifest manifest = ManifestLoader.load(request.manifest());
        request.environment().ifPresent(manifest::environment); // unknown name: "did you mean"
        List<String> envs = request.environment().map(List::of).orElse(manifest.environmentNames());
        AuditReport report;
        if (source == Source.GITHUB) {
            GitHubAccess access = request.access();
            String repository = access.requireRepository();
            console.info("Auditing " + request.manifest() + " against GitHub secrets of " + repository + " ("
                    + access.apiUrl() + ", token from " + access.tokenSource() + ")");
            List<String> githubEnvs = envs.stream()
                    .map(e -> manifest.environment(e).githubEnvironment())
                    .toList();
            GitHubSecrets secrets = GitHubSecretsClient.of(access).fetch(githubEnvs);
            report = againstGitHub(manifest, envs, repository, secrets);
        } else {
            console.info("Auditing " + request.manifest() + " against this process's environment");
            report = againstEnvironment(manifest, envs.get(0), request.processEnv());
        }
        report.print(console);
        AuditAnnotations.annotate(actions, report, request.manifest(), request.processEnv());
        actions.appendStepSummary(report.markdown());
        Optional<GoldenException> failure =
                report.failure(request.failOnWarning(), request.manifest().toString());
        if (failure.isPresent()) {
            throw failure.get();
        }
        return report;
    }

    /** github when a token is present, else env when -Denv is given, else one error saying which to provide. */
    public static Source chooseSource(Optional<String> explicit, GitHubAccess access, Optional<String> environment) {
        if (explicit.isPresent() && !explicit.get().isBlank()) {
            String s = explicit.get().strip().toLowerCase(Locale.ROOT);
            if (s.equals("github")) {
                if (!access.hasToken()) {
                    throw new GoldenException(
                            "golden.audit.source=github needs a GitHub token, and none was found",
                            "set GITHUB_TOKEN (or GH_TOKEN), or put the token as the password of the settings.xml"
                                    + " <server> named by -Dgolden.github.serverId (default github)");
                }
                return Source.GITHUB;
            }
            if (s.equals("env")) {
                if (environment.isEmpty()) {
                    throw new GoldenException(
                            "golden.audit.source=env needs the environment to check",
                            "pass -Denv=<name>, e.g. -Denv=dev-backend");
                }
                return Source.ENV;
            }
            throw new GoldenException(
                    "golden.audit.source='" + explicit.get() + "' is not a source",
                    "use -Dgolden.audit.source=github (every environment, via the GitHub API) or"
                            + " -Dgolden.audit.source=env (one environment, from the process environment)");
        }
        if (access.hasToken()) {
            return Source.GITHUB;
        }
        if (environment.isPresent()) {
            return Source.ENV;
        }
        throw new GoldenException(
                "Nothing to audit against: no GitHub token and no -Denv",
                "either set GITHUB_TOKEN (or GH_TOKEN, or a settings.xml <server> with id github) and"
                        + " GITHUB_REPOSITORY (or -Dgolden.github.repository=owner/name) to audit every environment"
                        + " against GitHub, or pass -Denv=<name> to check that environment's secrets in this"
                        + " process's environment, as a CI job sees them");
    }

    /** Available = environment secrets ∪ repository secrets ∪ organization secrets shared with the repository. */
    public static AuditReport againstGitHub(
            Manifest manifest, List<String> envs, String repository, GitHubSecrets secrets) {
        List<EnvironmentAudit> results = new ArrayList<>();
        for (String name : envs) {
            Environment env = manifest.environment(name);
            String githubEnv = env.githubEnvironment();
            List<ResolvedVariable> missing = new ArrayList<>();
            List<ResolvedVariable> absentOptional = new ArrayList<>();
            for (ResolvedVariable v : manifest.variablesFor(name)) {
                if (v.secretName().isEmpty()
                        || secrets.availableTo(githubEnv, v.secretName().get())) {
                    continue;
                }
                (v.mustBeProvided() ? missing : absentOptional).add(v);
            }
            Set<String> used = usedBy(manifest, githubEnv);
            List<String> zombies = secrets.environment(githubEnv).stream()
                    .filter(s -> !used.contains(s))
                    .sorted()
                    .toList();
            results.add(EnvironmentAudit.of(manifest, env, f -> {
                f.found = secrets.environment(githubEnv).size();
                f.missing = missing;
                f.absentOptional = absentOptional;
                f.zombies = zombies;
            }));
        }
        Set<String> usedAnywhere = new HashSet<>(manifest.globalSecrets().keySet());
        manifest.environmentNames().forEach(e -> usedAnywhere.addAll(manifest.secretNamesFor(e)));
        List<String> repoZombies = secrets.repository().stream()
                .filter(s -> !usedAnywhere.contains(s))
                .sorted()
                .toList();
        return new AuditReport(
                Source.GITHUB,
                repository,
                secrets.repository().size(),
                secrets.organization().size(),
                repoZombies,
                results);
    }

    /** Every required variable of {@code envName} must have a non-empty value under its secret name. */
    public AuditReport againstEnvironment(Manifest manifest, String envName, Map<String, String> processEnv) {
        Environment env = manifest.environment(envName);
        List<ResolvedVariable> missing = new ArrayList<>();
        List<ResolvedVariable> absentOptional = new ArrayList<>();
        int found = 0;
        for (ResolvedVariable v : manifest.variablesFor(envName)) {
            if (v.secretName().isEmpty()) {
                continue;
            }
            String value = processEnv.get(v.secretName().get());
            if (value != null && !value.isEmpty()) {
                redactor.register(v.name() + " (secret " + v.secretName().get() + ")", value);
                found++;
            } else if (v.mustBeProvided()) {
                missing.add(v);
            } else if (v.defaultValue().isEmpty()) {
                absentOptional.add(v);
            }
        }
        int setCount = found;
        return new AuditReport(Source.ENV, "", 0, 0, List.of(), List.of(EnvironmentAudit.of(manifest, env, f -> {
            f.found = setCount;
            f.missing = missing;
            f.absentOptional = absentOptional;
        })));
    }

    /** The secret names every manifest environment sharing {@code githubEnv} reads. */
    private static Set<String> usedBy(Manifest manifest, String githubEnv) {
        Set<String> used = new LinkedHashSet<>();
        for (String name : manifest.environmentNames()) {
            if (manifest.environment(name).githubEnvironment().equals(githubEnv)) {
                used.addAll(manifest.secretNamesFor(name));
            }
        }
        return used;
    }
}
