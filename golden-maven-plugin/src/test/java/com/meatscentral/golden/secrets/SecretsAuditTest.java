package com.meatscentral.golden.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.ci.GitHubActions;
import com.meatscentral.golden.manifest.Manifest;
import com.meatscentral.golden.manifest.ReferenceManifest;
import com.meatscentral.golden.manifest.ResolvedVariable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The audit of the reference manifest against the GitHub stand-in, and against a process environment. */
class SecretsAuditTest {

    private final Manifest manifest = ReferenceManifest.load();
    private final GitHubStandIn github = GitHubStandIn.start().allSecretsOf(manifest);
    private final RecordingConsole console = new RecordingConsole();
    private final List<String> workflowCommands = new ArrayList<>();
    private final Map<String, String> processEnv = new HashMap<>();
    private final Redactor redactor = new Redactor();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        github.close();
    }

    private AuditReport audit(Path manifestFile, Optional<String> env, boolean failOnWarning) {
        GitHubActions actions = new GitHubActions(processEnv, workflowCommands::add);
        redactor.onRegister(actions::addMask); // as AbstractGoldenMojo wires it
        GitHubAccess access =
                GitHubAccess.resolve(processEnv, Optional.empty(), Optional.empty(), Optional.empty(), "github");
        return new SecretsAudit(console, actions, redactor)
                .run(new SecretsAudit.Request(manifestFile, env, Optional.empty(), access, failOnWarning, processEnv));
    }

    private AuditReport auditGitHub() {
        processEnv.put("GITHUB_API_URL", github.apiUrl().toString());
        processEnv.put("GITHUB_REPOSITORY", github.repository());
        processEnv.put("GITHUB_TOKEN", github.token());
        return audit(ReferenceManifest.path(), Optional.empty(), false);
    }

    @Test
    void allClearForAllSixEnvironments() {
        AuditReport report = auditGitHub();

        assertThat(report.missingCount()).isZero();
        assertThat(report.zombieCount()).isZero();
        assertThat(report.warningCount()).isZero();
        assertThat(console.text()).contains("[INFO] Fetched 2 Global Repository Secrets");
        for (String env : manifest.environmentNames()) {
            int envSpecific = (int) manifest.secretNamesFor(env).stream()
                    .filter(s -> !manifest.isGlobalSecret(s))
                    .count();
            assertThat(console.text())
                    .contains("Scanning Environment: " + env + "...\n[INFO]   All Clear (" + envSpecific
                            + " env-specific secrets found)");
        }
        assertThat(console.lines).noneMatch(l -> l.startsWith("[WARNING]") || l.startsWith("[ERROR]"));
        assertThat(github.requests()).hasSize(8); // repository, organization, six environments
    }

    /** Removing any one required secret fails the build, naming environment, variable and secret. */
    @TestFactory
    Stream<DynamicTest> removingAnyRequiredSecretFails() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String env : manifest.environmentNames()) {
            for (ResolvedVariable v : manifest.variablesFor(env)) {
                if (!v.mustBeProvided()) {
                    continue;
                }
                String secret = v.secretName().orElseThrow();
                tests.add(DynamicTest.dynamicTest(env + ": " + v.name() + " -> " + secret, () -> {
                    try (GitHubStandIn gh = GitHubStandIn.start().allSecretsOf(manifest)) {
                        if (manifest.isGlobalSecret(secret)) {
                            gh.remove(secret);
                        } else {
                            gh.remove(manifest.environment(env).githubEnvironment(), secret);
                        }
                        GitHubSecrets secrets = new GitHubSecretsClient(gh.apiUrl(), gh.repository(), gh.token())
                                .fetch(manifest.environmentNames().stream()
                                        .map(e -> manifest.environment(e).githubEnvironment())
                                        .toList());
                        AuditReport report = SecretsAudit.againstGitHub(
                                manifest, manifest.environmentNames(), gh.repository(), secrets);
                        GoldenException failure = report.failure(false, "config/env.manifest.json")
                                .orElseThrow();
                        assertThat(failure.getMessage()).contains(env + ": " + v.name() + " -> " + secret);
                    }
                }));
            }
        }
        assertThat(tests).hasSizeGreaterThan(40);
        return tests.stream();
    }

    @Test
    void missingSecretFailsTheAuditAndIsReportedPerEnvironment() {
        github.remove("uat2", "STAGING_HOST");
        GoldenException e = catchThrowableOfType(GoldenException.class, this::auditGitHub);
        assertThat(e.getMessage()).contains("1 required secret missing").contains("uat2: BASTION_HOST -> STAGING_HOST");
        assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("Settings > Environments"));
        assertThat(console.text())
                .contains("Scanning Environment: uat2...\n[ERROR]   Missing 1 required secret in uat2:\n"
                        + "[ERROR]     BASTION_HOST -> STAGING_HOST");
        assertThat(console.text()).contains("Scanning Environment: uat2-backend...\n[INFO]   All Clear");
    }

    @Test
    void globalSecretMissingFailsEveryEnvironmentThatUsesIt() {
        github.remove("SSH_PASSWORD");
        GoldenException e = catchThrowableOfType(GoldenException.class, this::auditGitHub);
        assertThat(e.getMessage())
                .contains("4 required secrets missing")
                .contains("uat2-backend: SSH_PASSWORD -> SSH_PASSWORD")
                .contains("uat2: SSH_PASSWORD -> SSH_PASSWORD")
                .contains("prod2-backend: SSH_PASSWORD -> SSH_PASSWORD")
                .contains("prod2-frontend: SSH_PASSWORD -> SSH_PASSWORD");
    }

    @Test
    void organizationSecretsSharedWithTheRepositoryCount() {
        github.remove("DO_ACCESS_TOKEN");
        github.organizationSecrets("DO_ACCESS_TOKEN");
        AuditReport report = auditGitHub();
        assertThat(report.missingCount()).isZero();
        assertThat(console.text())
                .contains("Fetched 1 Global Repository Secrets")
                .contains("Fetched 1 Organization Secrets shared with meatscentral/projectmeats");
    }

    @Test
    void secretInAnotherEnvironmentDoesNotCount() {
        github.remove("dev-frontend", "DEV_HOST");
        // dev-backend still has DEV_HOST, but environment secrets are scoped.
        assertThatThrownBy(this::auditGitHub).hasMessageContaining("dev-frontend: BASTION_HOST -> DEV_HOST");
    }

    @Test
    void optionalSecretsMayBeAbsent() {
        github.remove("dev-backend", "DEV_SSH_PRIVATE_KEY").remove("dev-backend", "DEV_DB_PORT");
        AuditReport report = auditGitHub();
        assertThat(report.missingCount()).isZero();
        assertThat(console.text())
                .contains("Optional, not set: SSH_PRIVATE_KEY -> DEV_SSH_PRIVATE_KEY, DB_PORT -> DEV_DB_PORT");
    }

    @Test
    void zombiesWarnAndFailOnlyWithFailOnWarning() {
        github.environmentSecrets("dev-backend", "DEV_DATABASE_URL").repositorySecrets("OLD_DEPLOY_KEY");
        AuditReport report = auditGitHub();
        assertThat(report.zombieCount()).isEqualTo(2);
        assertThat(console.text())
                .contains("[WARNING]   Zombie secret DEV_DATABASE_URL in GitHub environment dev-backend")
                .contains("[WARNING] Zombie repository secret OLD_DEPLOY_KEY");

        processEnv.put("GITHUB_TOKEN", github.token());
        assertThatThrownBy(() -> audit(ReferenceManifest.path(), Optional.empty(), true))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("failed on 2 warnings (golden.audit.failOnWarning=true)");
    }

    @Test
    void undocumentedPrefixViolationWarns() throws IOException {
        String text = Files.readString(ReferenceManifest.path());
        String withoutLegacy = text.replaceAll("\"legacy\": \"The production frontend[^\"]*\"", "\"legacy\": \"\"");
        assertThat(withoutLegacy).isNotEqualTo(text);
        Path file = dir.resolve("env.manifest.json");
        Files.writeString(file, withoutLegacy);
        processEnv.put("GITHUB_API_URL", github.apiUrl().toString());
        processEnv.put("GITHUB_REPOSITORY", github.repository());
        processEnv.put("GITHUB_TOKEN", github.token());

        AuditReport report = audit(file, Optional.empty(), false);

        assertThat(report.warningCount()).isEqualTo(2);
        assertThat(console.text())
                .contains("Prefix violation: BASTION_HOST -> PRODUCTION_HOST in prod2-frontend"
                        + " does not start with PROD_ and is not documented as legacy");
        assertThat(console.text()).doesNotContain("STAGING_HOST in uat2 does not"); // STAGING is uat2's own prefix
    }

    @Test
    void missingGitHubEnvironmentFailsWithThatMessage() {
        github.deleteEnvironment("prod2-backend");
        assertThatThrownBy(this::auditGitHub)
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("GitHub environment 'prod2-backend' does not exist in meatscentral/projectmeats");
    }

    @Test
    void oneEnvironmentOnlyWithDashDEnv() {
        processEnv.put("GITHUB_API_URL", github.apiUrl().toString());
        processEnv.put("GITHUB_REPOSITORY", github.repository());
        processEnv.put("GITHUB_TOKEN", github.token());
        AuditReport report = audit(ReferenceManifest.path(), Optional.of("uat2"), false);
        assertThat(report.environments())
                .extracting(EnvironmentAudit::environment)
                .containsExactly("uat2");
        assertThat(github.requests()).hasSize(3);
    }

    @Test
    void underGitHubActionsWritesSummaryTableAndErrorAnnotations() throws IOException {
        Path summary = dir.resolve("summary.md");
        processEnv.put("GITHUB_ACTIONS", "true");
        processEnv.put("GITHUB_STEP_SUMMARY", summary.toString());
        processEnv.put(
                "GITHUB_WORKSPACE",
                ReferenceManifest.path().getParent().getParent().toString());
        github.remove("prod2-backend", "PROD_DB_PASSWORD").environmentSecrets("uat2", "STAGING_OLD");

        assertThatThrownBy(this::auditGitHub).isInstanceOf(GoldenException.class);

        String md = Files.readString(summary);
        assertThat(md)
                .contains("| Environment | Missing | Zombies | Warnings |")
                .contains("| `prod2-backend` | DB_PASSWORD → PROD_DB_PASSWORD | ✅ | ✅ |")
                .contains("| `uat2` | ✅ | STAGING_OLD | ✅ |")
                .contains("| `dev-backend` | ✅ | ✅ | ✅ |");
        assertThat(workflowCommands)
                .contains(
                        "::error file=config/env.manifest.json::golden:audit: prod2-backend is missing DB_PASSWORD -> PROD_DB_PASSWORD");
        assertThat(workflowCommands)
                .anyMatch(c -> c.startsWith("::warning file=config/env.manifest.json::") && c.contains("STAGING_OLD"));
        assertThat(workflowCommands).contains("::add-mask::" + github.token());
    }

    @Test
    void withNeitherTokenNorEnvItSaysWhichToProvide() {
        GoldenException e = catchThrowableOfType(
                GoldenException.class, () -> audit(ReferenceManifest.path(), Optional.empty(), false));
        assertThat(e.getMessage()).contains("no GitHub token and no -Denv");
        assertThat(e.hint())
                .hasValueSatisfying(h -> assertThat(h).contains("GITHUB_TOKEN").contains("-Denv="));
    }

    @Test
    void unknownEnvironmentSuggestsTheClosest() {
        assertThatThrownBy(() -> audit(ReferenceManifest.path(), Optional.of("prod-backend"), false))
                .hasMessageContaining("did you mean 'prod2-backend'?");
    }

    @Test
    void explicitSourceValidation() {
        GitHubAccess none =
                GitHubAccess.resolve(Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), "github");
        assertThatThrownBy(() -> SecretsAudit.chooseSource(Optional.of("github"), none, Optional.empty()))
                .hasMessageContaining("needs a GitHub token");
        assertThat(catchThrowableOfType(
                                GoldenException.class,
                                () -> SecretsAudit.chooseSource(Optional.of("env"), none, Optional.empty()))
                        .hint())
                .hasValueSatisfying(h -> assertThat(h).contains("-Denv="));
        assertThatThrownBy(() -> SecretsAudit.chooseSource(Optional.of("vault"), none, Optional.of("x")))
                .hasMessageContaining("not a source");
        GitHubAccess withToken = GitHubAccess.resolve(
                Map.of("GH_TOKEN", "x1234"), Optional.empty(), Optional.empty(), Optional.empty(), "github");
        assertThat(SecretsAudit.chooseSource(Optional.empty(), withToken, Optional.of("dev-backend")))
                .isEqualTo(SecretsAudit.Source.GITHUB);
        assertThat(SecretsAudit.chooseSource(Optional.of("env"), withToken, Optional.of("dev-backend")))
                .isEqualTo(SecretsAudit.Source.ENV);
        assertThat(withToken.toString()).doesNotContain("x1234");
    }

    @Test
    void tokenPrecedenceAndRepositoryCheck() {
        GitHubAccess fromServer = GitHubAccess.resolve(
                Map.of(), Optional.of("o/r"), Optional.empty(), Optional.of("srv-token"), "github");
        assertThat(fromServer.token()).contains("srv-token");
        assertThat(fromServer.tokenSource()).isEqualTo("settings.xml server 'github'");
        GitHubAccess env = GitHubAccess.resolve(
                Map.of("GITHUB_TOKEN", "a", "GH_TOKEN", "b", "GITHUB_REPOSITORY", "x/y"),
                Optional.of("o/r"),
                Optional.empty(),
                Optional.of("srv-token"),
                "github");
        assertThat(env.token()).contains("a");
        assertThat(env.repository()).contains("o/r");
        assertThat(env.apiUrl()).hasToString("https://api.github.com");
        assertThatThrownBy(() -> GitHubAccess.resolve(
                        Map.of(), Optional.of("just-a-name"), Optional.empty(), Optional.empty(), "github"))
                .hasMessageContaining("owner/name");
        assertThatThrownBy(() -> GitHubAccess.resolve(
                        Map.of("GITHUB_API_URL", "ftp://x"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        "github"))
                .hasMessageContaining("not an http(s) URL");
    }

    // ---- env source ----

    private void setAll(String env) {
        for (String secret : manifest.secretNamesFor(env)) {
            processEnv.put(secret, "value-" + secret.toLowerCase());
        }
    }

    @Test
    void envSourceAllClear() {
        setAll("prod2-frontend");
        AuditReport report = audit(ReferenceManifest.path(), Optional.of("prod2-frontend"), false);
        assertThat(report.missingCount()).isZero();
        assertThat(console.text())
                .contains("Scanning Environment: prod2-frontend (process environment)...")
                .contains("All Clear ("
                        + manifest.secretNamesFor("prod2-frontend").size() + " secrets set in the process environment)")
                .doesNotContain("Fetched");
    }

    @Test
    void envSourceMissingAndEmptyValuesFail() {
        setAll("dev-backend");
        processEnv.remove("DEV_DB_PASSWORD");
        processEnv.put("DEV_SECRET_KEY", "");
        GoldenException e = catchThrowableOfType(
                GoldenException.class, () -> audit(ReferenceManifest.path(), Optional.of("dev-backend"), false));
        assertThat(e.getMessage())
                .contains("2 required secrets missing")
                .contains("dev-backend: DB_PASSWORD -> DEV_DB_PASSWORD")
                .contains("dev-backend: SECRET_KEY -> DEV_SECRET_KEY");
        assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("${{ secrets.DEV_DB_PASSWORD }}"));
    }
}
