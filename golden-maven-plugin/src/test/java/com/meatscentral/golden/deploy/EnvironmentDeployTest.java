package com.meatscentral.golden.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.RecordingConsole;
import com.meatscentral.golden.ci.GitHubActions;
import com.meatscentral.golden.secrets.Redactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The goal cores against the reference manifest, an in-memory droplet and GitHub Actions files. */
class EnvironmentDeployTest {

    @TempDir
    Path tmp;

    private final FakeDroplet droplet = new FakeDroplet();
    private final FakeTime time = new FakeTime();
    private final RecordingConsole console = new RecordingConsole();
    private final Redactor redactor = new Redactor();
    private final Map<String, String> env = new HashMap<>();
    private final List<String> connectedTo = new ArrayList<>();
    private final List<String> migrated = new ArrayList<>();
    private int open;

    @BeforeEach
    void devSecrets() throws Exception {
        env.putAll(DevEnvironmentSecrets.write(tmp));
        droplet.push("reg.local/pm-backend:dev-backend-v1", "sha256:b1", true);
        droplet.push("reg.local/pm-backend:dev-backend-v2", "sha256:b2", true);
        droplet.push("reg.local/pm-frontend:dev-frontend-v1", "sha256:f1", true);
        droplet.push(CutoverOptions.DEFAULT_PROXY_IMAGE, "sha256:px", true);
    }

    private EnvironmentDeploy core() {
        return core(b -> {});
    }

    /** The core with the test's collaborators, then {@code change}. */
    private EnvironmentDeploy core(java.util.function.Consumer<EnvironmentDeploy.Builder> change) {
        return EnvironmentDeploy.of(b -> {
            b.console = console;
            b.actions = new GitHubActions(env, s -> {});
            b.redactor = redactor;
            b.connector = connector();
            b.migration = (values, image, c) -> migrated.add(image);
            b.timing = time.timing();
            change.accept(b);
        });
    }

    private DropletConnector connector() {
        return (values, c) -> {
            connectedTo.add(values.require("BASTION_USER") + "@" + values.require("BASTION_HOST"));
            open++;
            return new FakeConnection(droplet, "fake", () -> open--);
        };
    }

    private DeployOptions options(String envName, String sha, boolean dirty) {
        return options(envName, sha, dirty, "reg.local");
    }

    private DeployOptions options(String envName, String sha, boolean dirty, String registry) {
        return FakeConnection.options(envName, sha, dirty, registry, env);
    }

    @Test
    void backendDeployAuditsMigratesThenRunsTheContainerAsTheApplicationRole() throws Exception {
        DeployResult result = core().deploy(options("dev-backend", "v1", false));

        assertThat(migrated).containsExactly("reg.local/pm-backend:dev-backend-v1");
        assertThat(connectedTo).containsExactly("deploy@10.77.0.3");
        assertThat(open).as("the connection is closed").isZero();
        assertThat(droplet.servingContainer("pm-backend").env)
                .containsEntry("DB_USER", "app")
                .containsEntry("DB_PASSWORD", "app-pw-123")
                .containsEntry("SECRET_KEY", "sk-'\"$(x)\nline2")
                .containsEntry("DB_PORT", "5432")
                .containsEntry(
                        "DJANGO_SETTINGS_MODULE",
                        droplet.servingContainer("pm-backend").env.get("DJANGO_SETTINGS_MODULE"))
                .doesNotContainValue("owner-pw-123")
                .doesNotContainKey("DB_APP_PASSWORD");
        assertThat(droplet.servingContainer("pm-backend").env.get("DJANGO_SETTINGS_MODULE"))
                .isNotBlank();
        assertThat(result.digest()).isEqualTo("sha256:b1");
        assertThat(Files.readString(tmp.resolve("output")))
                .contains("sha=v1\n", "digest=sha256:b1\n", "url=http://10.77.0.3:8000/api/v1/health/\n");
        assertThat(Files.readString(tmp.resolve("summary"))).contains("| docker run pm-backend-1 | ok |");
        assertThat(console.text()).doesNotContain("owner-pw-123", "app-pw-123", "do-token-123");
    }

    @Test
    void theMigrationRunsUnderTheDeployLockAndAFailedOneLeavesTheRunningContainer() throws Exception {
        core().deploy(options("dev-backend", "v1", false));
        List<Boolean> lockHeld = new ArrayList<>();
        EnvironmentDeploy failing = core(b -> b.migration = (values, image, c) -> {
            lockHeld.add(droplet.dirs.contains(DeployLock.DIR));
            throw new GoldenException("migration 0042 failed", "fix it");
        });

        assertThatThrownBy(() -> failing.deploy(options("dev-backend", "v2", false)))
                .hasMessageContaining("migration 0042 failed");
        assertThat(lockHeld)
                .as("migrated while holding the environment's deploy lock")
                .containsExactly(true);
        assertThat(droplet.serving("pm-backend"))
                .as("a failed migration changes nothing on the droplet")
                .isEqualTo("reg.local/pm-backend:dev-backend-v1");
        assertThat(droplet.dirs).doesNotContain(DeployLock.DIR);
    }

    @Test
    void aMissingSecretFailsInTheAuditBeforeAnyConnection() {
        env.remove("DEV_SECRET_KEY");

        assertThatThrownBy(() -> core().deploy(options("dev-backend", "v1", false)))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("DEV_SECRET_KEY");
        assertThat(connectedTo).isEmpty();
        assertThat(migrated).isEmpty();
    }

    @Test
    void anUnknownEnvironmentSuggestsTheClosestName() {
        assertThatThrownBy(() -> core().deploy(options("dev-bakend", "v1", false)))
                .hasMessageContaining("dev-backend");
    }

    @Test
    void productionRefusesADirtyTreeBeforeMigrating() {
        env.putAll(Map.of(
                "PROD_HOST",
                "10.77.0.9",
                "PROD_USER",
                "deploy",
                "SSH_PASSWORD",
                "pw-prod-1",
                "PROD_DB_HOST",
                "h",
                "PROD_DB_NAME",
                "n",
                "PROD_DB_USER",
                "u",
                "PROD_DB_PASSWORD",
                "p-prod-1",
                "PROD_DB_APP_USER",
                "a",
                "PROD_DB_APP_PASSWORD",
                "ap-prod-1",
                "PROD_SECRET_KEY",
                "sk-prod-1"));

        assertThatThrownBy(() -> core().deploy(options("prod2-backend", "v1", true)))
                .hasMessageContaining("uncommitted");
        assertThat(migrated).isEmpty();
        assertThat(connectedTo).isEmpty();
    }

    @Test
    void frontendDeployWritesTheBrowserConfigAndTheProxy() {
        core().deploy(options("dev-frontend", "v1", false));

        assertThat(migrated).isEmpty();
        assertThat(droplet.servedConfig())
                .contains("\"API_BASE_URL\": \"https://dev.example\"")
                .contains("\"ENVIRONMENT\": \"development\"")
                .doesNotContain("10.77.0.3");
        assertThat(droplet.files.get(DeployRequest.DEFAULT_NGINX_SITE)).contains("proxy_pass http://10.77.0.3:8000;");
    }

    @Test
    void rollbackRedeploysThePreviousSuccessfulShaWithItsRecordedDigest() {
        core().deploy(options("dev-backend", "v1", false));
        core().deploy(options("dev-backend", "v2", false));

        DeployResult result = core().rollback(options("dev-backend", "ignored", false), Optional.empty());

        assertThat(result.sha()).isEqualTo("v1");
        assertThat(result.digest()).isEqualTo("sha256:b1");
        assertThat(droplet.serving("pm-backend")).isEqualTo("reg.local/pm-backend:dev-backend-v1");
        assertThat(migrated).as("a rollback does not migrate").hasSize(2);
    }

    @Test
    void rollbackWithoutHistorySaysWhatToPass() {
        assertThatThrownBy(() -> core().rollback(options("dev-backend", "x", false), Optional.empty()))
                .hasMessageContaining("no earlier successful deploy")
                .satisfies(e -> assertThat(((GoldenException) e).hint())
                        .get()
                        .asString()
                        .contains("-Dgolden.sha"));
    }

    @Test
    void statusShowsContainerShaHealthAndLock() {
        core().deploy(options("dev-backend", "v1", false));

        String status = core().status(options("dev-backend", "x", false));

        assertThat(status)
                .contains(
                        "| container | pm-backend-1 (running) |",
                        "| proxy | pm-backend-proxy (running) -> slot 1 |",
                        "| sha | v1 |",
                        "| digest | sha256:b1 |",
                        "HTTP 200",
                        "| lock | free |");
    }

    @Test
    void statusSaysWhenTheKeptSlotsBackgroundStopIsInFlightAndWhenItFailed() {
        core().deploy(options("dev-backend", "v1", false));
        core().deploy(options("dev-backend", "v2", false)); // pm-backend-1 drained, its stop in the background

        assertThat(core().status(options("dev-backend", "x", false)))
                .contains("| kept for rollback | " + "pm-backend-1 ")
                .contains("(running), stopping: the last deploy's stop has not ended yet |");

        droplet.files.put(
                DeployPlan.stopLogPath("pm-backend-1"),
                "Error response from daemon: cannot stop container: pm-backend-1: permission denied\n");
        String failed = core().status(options("dev-backend", "x", false));

        assertThat(failed).contains("(running), its stop failed: Error response from daemon: cannot stop container");
        assertThat(console.text())
                .contains("WARN The last deploy's stop of pm-backend-1 failed (Error response from daemon")
                .contains("`docker stop pm-backend-1`");

        droplet.settle(); // the stop ended: docker printed the name
        droplet.files.put(DeployPlan.stopLogPath("pm-backend-1"), "pm-backend-1\n");
        assertThat(core().status(options("dev-backend", "x", false)))
                .contains("(exited) |")
                .doesNotContain("stopping")
                .doesNotContain("its stop failed");
    }

    @Test
    void unlockReleasesAStaleLock() {
        droplet.dirs.add(DeployLock.DIR);
        droplet.files.put(DeployLock.DIR + "/holder.json", "{\"who\":\"bob\",\"sha\":\"s\",\"since\":\"t\"}");

        assertThat(core().unlock(options("dev-backend", "x", false)))
                .get()
                .extracting(DeployLock.Holder::who)
                .isEqualTo("bob");
        assertThat(droplet.dirs).doesNotContain(DeployLock.DIR);
    }

    @Test
    void rollbackDeploysTheTagRebuiltFromTheRecordedShaAndRefusesAHistoryLineNamingAnotherImage() {
        core().deploy(options("dev-backend", "v1", false));
        core().deploy(options("dev-backend", "v2", false));
        DeployHistory history = new DeployHistory(droplet, "/opt/pm/dev-backend");
        history.append(new DeployHistory.Entry(
                "v1", "evil.example/pm-backend:dev-backend-v1", "sha256:b1", "t", "success", "mallory", "backend"));
        history.append(new DeployHistory.Entry(
                "v2", "reg.local/pm-backend:dev-backend-v2", "sha256:b2", "t", "success", "alice", "backend"));

        assertThatThrownBy(() -> core().rollback(options("dev-backend", "x", false), Optional.empty()))
                .hasMessageContaining("evil.example/pm-backend:dev-backend-v1")
                .hasMessageContaining("reg.local/pm-backend:dev-backend-v1");
        assertThat(droplet.serving("pm-backend")).isEqualTo("reg.local/pm-backend:dev-backend-v2");
    }

    @Test
    void rollbackChecksTheRecordedDigest() {
        core().deploy(options("dev-backend", "v1", false));
        core().deploy(options("dev-backend", "v2", false));
        droplet.digests.put("reg.local/pm-backend:dev-backend-v1", "sha256:overwritten");
        droplet.containers.remove("pm-backend-1");

        assertThatThrownBy(() -> core().rollback(options("dev-backend", "x", false), Optional.empty()))
                .hasMessageContaining("sha256:overwritten")
                .hasMessageContaining("the deploy history recorded sha256:b1");
        assertThat(droplet.serving("pm-backend")).isEqualTo("reg.local/pm-backend:dev-backend-v2");
    }

    @Test
    void theDropletLogsInWithTheCredentialResolvedForItsRegistryAsPushDoes() {
        env.putAll(Map.of("GITHUB_ACTOR", "octocat", "GITHUB_TOKEN", "ghs_token-123"));
        droplet.push("ghcr.io/acme/pm-backend:dev-backend-v1", "sha256:g1", true);
        EnvironmentDeploy ghcr = core(b -> b.registryLogin = (host, values) ->
                new com.meatscentral.golden.image.RegistryCredentials(env, Map.of(), tmp, redactor::register)
                        .withManifest(values)
                        .find(host)
                        .map(l -> new RegistryLogin(l.username(), l.password(), l.describe())));

        ghcr.deploy(options("dev-backend", "v1", false, "ghcr.io/acme"));

        assertThat(droplet.loggedInUser).isEqualTo("octocat");
        assertThat(droplet.loggedInWith).isEqualTo("ghs_token-123");
    }

    @Test
    void statusFinishesAnInterruptedDeployAndSaysWhatItFoundAndDid() {
        core().deploy(options("dev-backend", "v1", false));
        DeployPlan plan = DeployPlan.of(b -> {
            b.id = "x1";
            b.env = "dev-backend";
            b.kind = ServiceKind.BACKEND;
            b.sha = "v2";
            b.image = "reg.local/pm-backend:dev-backend-v2";
            b.who = "bob";
            b.newSlot = 2;
            b.oldSlot = 1;
            b.proxyImage = CutoverOptions.DEFAULT_PROXY_IMAGE;
            b.drainSeconds = 30;
            b.credentialDir = "/opt/pm/.golden/docker-x1";
        });
        droplet.files.put("/opt/pm/.golden/docker-x1/config.json", "{\"auths\":{\"reg.local\":{}}}");
        DeployJournal journal = DeployJournal.start(droplet, plan);
        journal.enter("registry login");

        String status = core().status(options("dev-backend", "x", false));

        assertThat(status)
                .contains("found an unfinished deploy of dev-backend v2 by bob")
                .contains("step 'registry login' running")
                .contains("undid it");
        assertThat(droplet.files).doesNotContainKey("/opt/pm/.golden/docker-x1/config.json");
        assertThat(DeployJournal.read(droplet, ServiceKind.BACKEND)
                        .get()
                        .state()
                        .finished())
                .isTrue();
        assertThat(droplet.serving("pm-backend")).isEqualTo("reg.local/pm-backend:dev-backend-v1");
    }
}
