package com.meatscentral.golden.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.manifest.Manifest;
import com.meatscentral.golden.manifest.ManifestLoader;
import com.meatscentral.golden.secrets.GitHubStandIn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mvn golden:audit} as a user types it: a real Maven, in a directory with no POM
 * (the goal needs no project), on the reference manifest, against the local GitHub
 * stand-in or a process environment.
 */
class AuditEndToEndTest {

    private static final Path ROOT =
            Path.of(System.getProperty("golden.repo.root")).toAbsolutePath().normalize();
    private static final Path REFERENCE = ROOT.resolve("config/env.manifest.json");

    @TempDir
    Path work;

    private final Manifest manifest = ManifestLoader.load(REFERENCE);
    private final GitHubStandIn github = GitHubStandIn.start().allSecretsOf(manifest);

    @AfterEach
    void stop() {
        github.close();
    }

    record Run(int exit, String output) {}

    /** Runs {@code mvn golden:audit ARGS} in a directory holding a copy of the reference manifest. */
    private Run audit(Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        return auditWith(Path.of(System.getProperty("golden.it.settings")), extraEnv, args);
    }

    private Run auditWith(Path settings, Map<String, String> extraEnv, String... args)
            throws IOException, InterruptedException {
        Files.createDirectories(work.resolve("config"));
        Files.copy(
                REFERENCE, work.resolve("config/env.manifest.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // Not -o: the audit against GitHub (here its stand-in) refuses Maven's offline mode.
        List<String> command = new ArrayList<>(List.of(
                ROOT.resolve("mvnw").toString(),
                "-B",
                "-s",
                settings.toString(),
                "-Dmaven.repo.local=" + System.getProperty("golden.it.localRepo"),
                "golden:audit"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        // Whatever the machine has (a CI's own token, Actions variables) must not steer this run.
        List.of(
                        "GITHUB_TOKEN",
                        "GH_TOKEN",
                        "GITHUB_REPOSITORY",
                        "GITHUB_API_URL",
                        "GITHUB_ACTIONS",
                        "GITHUB_STEP_SUMMARY",
                        "GITHUB_OUTPUT",
                        "MAVEN_ARGS")
                .forEach(env::remove);
        env.putAll(extraEnv);
        Process process = pb.start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("mvn golden:audit did not finish");
        }
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private Map<String, String> githubEnv() {
        return Map.of(
                "GITHUB_API_URL",
                github.apiUrl().toString(),
                "GITHUB_REPOSITORY",
                github.repository(),
                "GITHUB_TOKEN",
                github.token());
    }

    @Test
    void allClearForSixEnvironmentsThenOneMissingSecretFails() throws Exception {
        Run ok = audit(githubEnv());
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("Fetched 2 Global Repository Secrets");
        for (String env : manifest.environmentNames()) {
            assertThat(ok.output()).contains("Scanning Environment: " + env + "...");
        }
        assertThat(ok.output().split("All Clear \\(", -1)).hasSize(7);
        assertThat(ok.output()).contains("BUILD SUCCESS").doesNotContain(github.token());

        github.remove("prod2-frontend", "REACT_APP_API_BASE_URL");
        Run failed = audit(githubEnv());
        assertThat(failed.exit()).as(failed.output()).isNotZero();
        assertThat(failed.output())
                .contains("[ERROR]     REACT_APP_API_BASE_URL -> REACT_APP_API_BASE_URL")
                .contains("prod2-frontend: REACT_APP_API_BASE_URL -> REACT_APP_API_BASE_URL")
                .contains("BUILD FAILURE");
    }

    @Test
    void missingGitHubEnvironmentFailsSayingItDoesNotExist() throws Exception {
        github.deleteEnvironment("uat2");
        Run run = audit(githubEnv());
        assertThat(run.exit()).isNotZero();
        assertThat(run.output())
                .contains("GitHub environment 'uat2' does not exist in meatscentral/projectmeats")
                .contains("fix: create it");
    }

    @Test
    void noTokenAndNoEnvSaysWhatToProvide() throws Exception {
        Run run = audit(Map.of());
        assertThat(run.exit()).isNotZero();
        assertThat(run.output()).contains("Nothing to audit against: no GitHub token and no -Denv");
    }

    @Test
    void tokenFromASettingsServer() throws Exception {
        // The token as the password of a settings.xml <server>, as a developer keeps it.
        String settings = Files.readString(Path.of(System.getProperty("golden.it.settings")))
                .replace(
                        "<pluginGroups>",
                        "<servers><server><id>gh-audit</id><password>" + github.token()
                                + "</password></server></servers>\n  <pluginGroups>");
        Path settingsFile = work.resolve("settings-with-server.xml");
        Files.writeString(settingsFile, settings);
        Run run = auditWith(
                settingsFile,
                Map.of("GITHUB_API_URL", github.apiUrl().toString()),
                "-Dgolden.github.serverId=gh-audit",
                "-Dgolden.github.repository=" + github.repository());
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("token from settings.xml server 'gh-audit'")
                .doesNotContain(github.token());
    }

    @Test
    void offlineTheAuditAgainstGitHubIsRefusedBeforeAnyCall() throws Exception {
        Run run = audit(githubEnv(), "-o", "-Daether.offline.protocols=file");
        assertThat(run.exit()).isNotZero();
        assertThat(run.output())
                .contains("golden:audit cannot read the secrets from the GitHub API in offline mode (mvn -o)")
                .contains("fix: run it without -o")
                .contains("-Dgolden.audit.skip=true")
                .doesNotContain("Auditing ")
                .doesNotContain("\tat com.meatscentral");
    }

    @Test
    void aSettingsPasswordMavenCannotDecryptIsNeverSentAsTheToken() throws Exception {
        // Encrypted with a master password this machine does not have (no settings-security.xml).
        String encrypted = "{COQLCE6DU6GtcS5P=}";
        String settings = Files.readString(Path.of(System.getProperty("golden.it.settings")))
                .replace(
                        "<pluginGroups>",
                        "<servers><server><id>gh-audit</id><password>" + encrypted
                                + "</password></server></servers>\n  <pluginGroups>");
        Path settingsFile = work.resolve("settings-encrypted.xml");
        Files.writeString(settingsFile, settings);
        Run run = auditWith(
                settingsFile,
                Map.of("GITHUB_API_URL", github.apiUrl().toString()),
                "-Dgolden.github.serverId=gh-audit",
                "-Dgolden.github.repository=" + github.repository(),
                "-Dsettings.security=" + work.resolve("no-settings-security.xml"));
        assertThat(run.exit()).isNotZero();
        assertThat(run.output())
                .contains("settings.xml <server> 'gh-audit': the password cannot be decrypted")
                .contains("fix: check the master password in ~/.m2/settings-security.xml")
                .doesNotContain("Auditing ");
    }

    @Test
    void skipFlagsSkipWithOneLine() throws Exception {
        Run run = audit(Map.of(), "-Dgolden.audit.skip=true");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("golden:audit skipped (golden.audit.skip=true)");
    }

    /** Distinctive values in the environment: none may appear anywhere in Maven's output, pass or fail, even with -X. */
    @Test
    void envSourceNeverPrintsAValue() throws Exception {
        Map<String, String> env = new HashMap<>();
        List<String> canaries = new ArrayList<>();
        for (String secret : manifest.secretNamesFor("prod2-backend")) {
            String value = "canary-" + secret.toLowerCase().replace('_', '-') + "-7Qx9";
            env.put(secret, value);
            canaries.add(value);
        }
        Run ok = audit(env, "-Denv=prod2-backend", "-X");
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output())
                .contains("Scanning Environment: prod2-backend (process environment)...")
                .contains("All Clear (");
        canaries.forEach(c -> assertThat(ok.output()).doesNotContain(c));

        env.remove("PROD_DB_PASSWORD");
        Run failed = audit(env, "-Denv=prod2-backend", "-X");
        assertThat(failed.exit()).isNotZero();
        assertThat(failed.output()).contains("prod2-backend: DB_PASSWORD -> PROD_DB_PASSWORD");
        canaries.forEach(c -> assertThat(failed.output()).doesNotContain(c));
    }
}
