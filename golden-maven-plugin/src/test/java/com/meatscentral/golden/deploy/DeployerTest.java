package com.meatscentral.golden.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeployerTest {

    private static final String REPO = "registry.local/pm-backend";
    private final FakeDroplet droplet = new FakeDroplet();
    private final FakeTime time = new FakeTime();
    private final RecordingConsole console = new RecordingConsole();

    private DeployRequest backend(String sha) {
        return DeployRequest.backend("dev-backend", sha, REPO + ":dev-backend-" + sha, null, "registry.local", "tok-123",
                Map.of("SECRET_KEY", "s3cr3t-value", "DB_HOST", "10.0.0.9"), List.of(), HealthPolicy.DEFAULT,
                Duration.ofSeconds(30), "alice", null);
    }

    private DeployResult deploy(DeployRequest r) {
        return new Deployer(droplet, console, time, time).deploy(r, new StepLog(console, time));
    }

    @Test
    void firstDeployRunsTheImageAndRecordsHistory() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);

        DeployResult result = deploy(backend("v1"));

        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v1");
        assertThat(droplet.containers.get("pm-backend").env).containsEntry("SECRET_KEY", "s3cr3t-value");
        assertThat(result.digest()).isEqualTo("sha256:aaa");
        assertThat(result.healthAttempts()).isEqualTo(1);
        assertThat(time.sleeps).as("a healthy service passes on the first poll, no waiting").isEmpty();
        assertThat(droplet.loggedInWith).isEqualTo("tok-123");
        assertThat(new DeployHistory(droplet, "/opt/pm/dev-backend").entries())
                .extracting(DeployHistory.Entry::sha, DeployHistory.Entry::result, DeployHistory.Entry::digest)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("v1", "success", "sha256:aaa"));
        assertThat(droplet.dirs).doesNotContain("/opt/pm/dev-backend/.deploy.lock");
    }

    @Test
    void secondDeployReplacesThePreviousContainerOnlyWhenTheNewOneIsHealthy() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);
        droplet.push(REPO + ":dev-backend-v2", "sha256:bbb", true);
        deploy(backend("v1"));
        droplet.log.clear();

        deploy(backend("v2"));

        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v2");
        assertThat(droplet.containers).containsOnlyKeys("pm-backend");
        assertThat(droplet.log).containsSubsequence("rename pm-backend pm-backend-previous", "stop pm-backend-previous",
                "run pm-backend " + REPO + ":dev-backend-v2", "rm pm-backend-previous");
    }

    @Test
    void unhealthyDeployRollsBackToThePreviousContainer() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);
        droplet.push(REPO + ":dev-backend-v2", "sha256:bbb", true);
        droplet.push(REPO + ":dev-backend-v3", "sha256:ccc", false);
        deploy(backend("v1"));
        deploy(backend("v2"));

        assertThatThrownBy(() -> deploy(backend("v3")))
                .isInstanceOf(Deployer.RolledBack.class)
                .hasMessageContaining("rolled back")
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("the previous container is serving and healthy");

        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v2");
        assertThat(droplet.containers).containsOnlyKeys("pm-backend");
        assertThat(console.text()).contains("Traceback: boom in " + REPO + ":dev-backend-v3");
        assertThat(time.sleeps).as("five answered attempts, with growing waits, then the rollback")
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        DeployHistory history = new DeployHistory(droplet, "/opt/pm/dev-backend");
        assertThat(history.entries()).extracting(DeployHistory.Entry::result)
                .containsExactly("success", "success", "rolled-back");
        assertThat(history.previousSuccess()).get().extracting(DeployHistory.Entry::sha).isEqualTo("v1");
        assertThat(droplet.dirs).doesNotContain("/opt/pm/dev-backend/.deploy.lock");
    }

    @Test
    void aPortHeldByAnotherProcessLeavesThePreviousVersionServing() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);
        droplet.push(REPO + ":dev-backend-v2", "sha256:bbb", true);
        deploy(backend("v1"));
        droplet.portHeldByStranger = true;

        assertThatThrownBy(() -> deploy(backend("v2"))).isInstanceOf(GoldenException.class)
                .hasMessageContaining("port is already allocated");

        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v1");
        assertThat(droplet.containers).containsOnlyKeys("pm-backend");
    }

    @Test
    void anAbsentTagFailsBeforeAnythingIsTouched() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);
        deploy(backend("v1"));
        droplet.log.clear();

        assertThatThrownBy(() -> deploy(backend("nope"))).isInstanceOf(GoldenException.class)
                .hasMessageContaining(REPO + ":dev-backend-nope");

        assertThat(droplet.log).containsExactly("login registry.local", "pull " + REPO + ":dev-backend-nope");
        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v1");
        assertThat(new DeployHistory(droplet, "/opt/pm/dev-backend").entries()).extracting(DeployHistory.Entry::result)
                .containsExactly("success", "failed");
    }

    @Test
    void aDigestOtherThanTheOneRecordedByPushIsRefused() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);
        DeployRequest r = backend("v1");
        DeployRequest expecting = new DeployRequest(r.env(), r.kind(), r.sha(), r.image(), "sha256:fff", r.registry(),
                r.registryToken(), r.container(), r.runtimeEnv(), null, null, null, null, r.envDir(), r.health(),
                r.lockWait(), r.who(), r.runUrl());

        assertThatThrownBy(() -> deploy(expecting)).hasMessageContaining("sha256:aaa").hasMessageContaining("sha256:fff");
        assertThat(droplet.containers).isEmpty();
    }

    @Test
    void aFailingFirstDeploySaysThereWasNothingToRollBackTo() {
        droplet.push(REPO + ":dev-backend-v3", "sha256:ccc", false);

        assertThatThrownBy(() -> deploy(backend("v3"))).isInstanceOf(GoldenException.class)
                .isNotInstanceOf(Deployer.RolledBack.class)
                .hasMessageContaining("no previous container");
        assertThat(droplet.containers).isEmpty();
    }

    @Test
    void aHeldLockMakesTheSecondDeployWaitThenFailNamingTheHolder() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);
        droplet.dirs.add("/opt/pm/dev-backend/.deploy.lock");
        droplet.files.put("/opt/pm/dev-backend/.deploy.lock/holder.json",
                "{\"who\":\"bob\",\"sha\":\"abc123\",\"since\":\"2026-11-25T07:00:00Z\",\"runUrl\":\"https://ci/run/7\"}");

        assertThatThrownBy(() -> deploy(backend("v1"))).isInstanceOf(GoldenException.class)
                .hasMessageContaining("bob").hasMessageContaining("abc123").hasMessageContaining("https://ci/run/7");

        assertThat(droplet.containers).isEmpty();
        assertThat(droplet.dirs).as("someone else's lock is left alone").contains("/opt/pm/dev-backend/.deploy.lock");
        assertThat(time.now).isEqualTo(Duration.ofSeconds(30).toNanos());
    }

    @Test
    void aLockReleasedWhileWaitingIsTaken() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);
        droplet.dirs.add("/opt/pm/dev-backend/.deploy.lock");
        time.onSleep = () -> droplet.removeTree("/opt/pm/dev-backend/.deploy.lock");

        deploy(backend("v1"));

        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v1");
        assertThat(time.sleeps).hasSize(1);
    }

    @Test
    void unlockRemovesAStaleLockAndReportsItsHolder() {
        droplet.dirs.add("/opt/pm/dev-backend/.deploy.lock");
        droplet.files.put("/opt/pm/dev-backend/.deploy.lock/holder.json",
                "{\"who\":\"bob\",\"sha\":\"abc123\",\"since\":\"2026-11-25T07:00:00Z\"}");

        assertThat(DeployLock.forceRelease(droplet, "/opt/pm/dev-backend")).get()
                .extracting(DeployLock.Holder::who).isEqualTo("bob");
        assertThat(droplet.dirs).doesNotContain("/opt/pm/dev-backend/.deploy.lock");
    }

    @Test
    void ctrlCDuringTheHealthCheckPutsThePreviousContainerBackAndFreesTheLock() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);
        droplet.push(REPO + ":dev-backend-v2", "sha256:bbb", false);
        deploy(backend("v1"));
        List<Thread> hooks = new java.util.ArrayList<>();
        Deployer.ShutdownHooks recording = new Deployer.ShutdownHooks() {
            @Override public void add(Thread hook) { hooks.add(hook); }
            @Override public void remove(Thread hook) { hooks.remove(hook); }
        };
        String[] servingAfterHook = new String[1];
        boolean[] lockAfterHook = new boolean[1];
        droplet.onProbe = () -> {
            if (servingAfterHook[0] == null && !hooks.isEmpty()) {
                hooks.get(0).run(); // what the JVM does on SIGINT
                servingAfterHook[0] = droplet.serving("pm-backend");
                lockAfterHook[0] = droplet.dirs.contains("/opt/pm/dev-backend/.deploy.lock");
            }
        };

        assertThatThrownBy(() -> new Deployer(droplet, console, time, time, recording)
                .deploy(backend("v2"), new StepLog(console, time)));

        assertThat(servingAfterHook[0]).isEqualTo(REPO + ":dev-backend-v1");
        assertThat(lockAfterHook[0]).isFalse();
        assertThat(console.text()).contains("interrupted");
        assertThat(hooks).as("the hook is removed when the deploy ends").isEmpty();
    }

    @Test
    void theShutdownHookDoesNothingAfterTheDeployEnded() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);
        List<Thread> hooks = new java.util.ArrayList<>();
        new Deployer(droplet, console, time, time, new Deployer.ShutdownHooks() {
            @Override public void add(Thread hook) { hooks.add(hook); }
            @Override public void remove(Thread hook) { }
        }).deploy(backend("v1"), new StepLog(console, time));
        droplet.log.clear();

        hooks.get(0).run();

        assertThat(droplet.log).isEmpty();
        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v1");
    }

    // --- frontend ---

    private static final String FRONT = "registry.local/pm-frontend";

    private DeployRequest frontend(String sha, String apiBase) {
        return DeployRequest.frontend("dev-frontend", sha, FRONT + ":dev-frontend-" + sha, null, "registry.local", null,
                new BackendAddress("10.77.0.2"), apiBase, "development", Map.of(), List.of(), null,
                HealthPolicy.DEFAULT, Duration.ofSeconds(5), "alice", null);
    }

    @Test
    void frontendDeployWritesEnvConfigAndNginxSiteAndMountsTheConfig() {
        droplet.push(FRONT + ":dev-frontend-v1", "sha256:f1", true);

        deploy(frontend("v1", "https://dev.example"));

        assertThat(droplet.files.get(DeployRequest.ENV_CONFIG_PATH)).contains("\"https://dev.example\"");
        assertThat(droplet.modes.get(DeployRequest.ENV_CONFIG_PATH)).isEqualTo(0644);
        assertThat(droplet.files.get("/etc/nginx/sites-enabled/default")).contains("proxy_pass http://10.77.0.2:8000;");
        assertThat(droplet.serving("pm-frontend")).isEqualTo(FRONT + ":dev-frontend-v1");
    }

    @Test
    void frontendRollbackRestoresThePreviousEnvConfig() {
        droplet.push(FRONT + ":dev-frontend-v1", "sha256:f1", true);
        droplet.push(FRONT + ":dev-frontend-v2", "sha256:f2", false);
        deploy(frontend("v1", "https://one.example"));

        assertThatThrownBy(() -> deploy(frontend("v2", "https://two.example"))).isInstanceOf(Deployer.RolledBack.class);

        assertThat(droplet.serving("pm-frontend")).isEqualTo(FRONT + ":dev-frontend-v1");
        assertThat(droplet.files.get(DeployRequest.ENV_CONFIG_PATH)).contains("https://one.example")
                .doesNotContain("two.example");
    }

    @Test
    void frontendRollbackRestoresThePreviousNginxSite() {
        droplet.push(FRONT + ":dev-frontend-v1", "sha256:f1", true);
        droplet.push(FRONT + ":dev-frontend-v2", "sha256:f2", false);
        deploy(frontend("v1", "https://one.example"));
        DeployRequest moved = DeployRequest.frontend("dev-frontend", "v2", FRONT + ":dev-frontend-v2", null, "registry.local",
                null, new BackendAddress("10.77.0.9"), "https://one.example", "development", Map.of(), List.of(), null,
                HealthPolicy.DEFAULT, Duration.ofSeconds(5), "alice", null);

        assertThatThrownBy(() -> deploy(moved)).isInstanceOf(Deployer.RolledBack.class);

        assertThat(droplet.files.get("/etc/nginx/sites-enabled/default")).as("the site routes to the old backend again")
                .contains("proxy_pass http://10.77.0.2:8000;").doesNotContain("10.77.0.9");
    }

    @Test
    void aRejectedNginxSiteStopsTheDeployBeforeTheContainerIsTouched() {
        droplet.push(FRONT + ":dev-frontend-v1", "sha256:f1", true);
        droplet.push(FRONT + ":dev-frontend-v2", "sha256:f2", true);
        deploy(frontend("v1", "https://one.example"));
        droplet.nginxRejects = true;

        assertThatThrownBy(() -> deploy(frontend("v2", "https://two.example"))).hasMessageContaining("nginx rejected");

        assertThat(droplet.serving("pm-frontend")).isEqualTo(FRONT + ":dev-frontend-v1");
        assertThat(droplet.files.get(DeployRequest.ENV_CONFIG_PATH)).contains("https://one.example");
    }

    @Test
    void aBrokenProxyOnlyWarns() {
        droplet.push(FRONT + ":dev-frontend-v1", "sha256:f1", true);
        droplet.proxyUp = false;

        deploy(frontend("v1", "https://one.example"));

        assertThat(console.text()).contains("WARN the host nginx at http://localhost:80/ answered HTTP 502");
        assertThat(droplet.serving("pm-frontend")).isEqualTo(FRONT + ":dev-frontend-v1");
    }
}
