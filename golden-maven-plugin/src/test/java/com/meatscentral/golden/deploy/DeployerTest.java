package com.meatscentral.golden.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.RecordingConsole;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeployerTest {

    static final String REPO = "registry.local/pm-backend";
    static final String FRONT = "registry.local/pm-frontend";
    static final String PROXY = "registry.local/nginx:proxy";
    static final CutoverOptions CUTOVER =
            new CutoverOptions(PROXY, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(60), false);
    private final FakeDroplet droplet = new FakeDroplet();
    private final FakeTime time = new FakeTime();
    private final RecordingConsole console = new RecordingConsole();
    private final ShutdownHooks noHooks = new ShutdownHooks() {
        @Override
        public void add(Thread hook) {}

        @Override
        public void remove(Thread hook) {}
    };

    {
        droplet.push(PROXY, "sha256:px", true);
    }

    static DeployRequest backend(String sha) {
        return DeployRequest.of(b -> {
            b.env = "dev-backend";
            b.kind = ServiceKind.BACKEND;
            b.sha = sha;
            b.image = REPO + ":dev-backend-" + sha;
            b.registry = "registry.local";
            b.registryLogin = new RegistryLogin("tok-123", "tok-123", "DO_ACCESS_TOKEN");
            b.runtimeEnv = Map.of("SECRET_KEY", "s3cr3t-value", "DB_HOST", "10.0.0.9");
            b.health = HealthPolicy.DEFAULT;
            b.lockWait = Duration.ofSeconds(30);
            b.who = "alice";
        });
    }

    static DeployRequest frontend(String sha, String apiBase, String backendIp) {
        return DeployRequest.of(b -> {
            b.env = "dev-frontend";
            b.kind = ServiceKind.FRONTEND;
            b.sha = sha;
            b.image = FRONT + ":dev-frontend-" + sha;
            b.registry = "registry.local";
            b.backend = new BackendAddress(backendIp);
            b.envConfigJs = EnvConfigJs.render(apiBase, "development", Map.of());
            b.health = HealthPolicy.DEFAULT;
            b.lockWait = Duration.ofSeconds(5);
            b.who = "alice";
        });
    }

    /** v1 deployed (proxy and slot 1), v2 pushed: where most deploy stories start. */
    private void v1DeployedV2Pushed() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);
        droplet.push(REPO + ":dev-backend-v2", "sha256:bbb", true);
        deploy(backend("v1"));
    }

    private Deployer deployer() {
        return new Deployer(droplet, console, time.timing(), noHooks, CUTOVER);
    }

    private DeployResult deploy(DeployRequest r) {
        return deployer().deploy(r, new StepLog(console, time));
    }

    private List<String> goldenFiles() {
        return droplet.files.keySet().stream()
                .filter(f -> f.contains("/docker-") || f.contains("/runtime-") || f.contains(".previous"))
                .toList();
    }

    @Test
    void firstDeployStartsSlotOneBehindTheProxyAndRecordsHistory() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);

        DeployResult result = deploy(backend("v1"));

        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v1");
        assertThat(droplet.servingContainer("pm-backend").env).containsEntry("SECRET_KEY", "s3cr3t-value");
        assertThat(droplet.containers).containsOnlyKeys("pm-backend-1", "pm-backend-proxy");
        assertThat(droplet.containers.get("pm-backend-1").port).isEqualTo(8001);
        assertThat(result.digest()).isEqualTo("sha256:aaa");
        assertThat(result.healthAttempts()).isEqualTo(1);
        assertThat(droplet.loggedInWith).isEqualTo("tok-123");
        assertThat(new DeployHistory(droplet, "/opt/pm/dev-backend").entries())
                .extracting(DeployHistory.Entry::sha, DeployHistory.Entry::result, DeployHistory.Entry::digest)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("v1", "success", "sha256:aaa"));
        assertThat(droplet.dirs).doesNotContain(DeployLock.DIR);
        assertThat(goldenFiles())
                .as("credential, runtime file, backups: all removed")
                .isEmpty();
        assertThat(DeployJournal.read(droplet, ServiceKind.BACKEND))
                .get()
                .extracting(j -> j.state().phase())
                .isEqualTo(DeployJournal.Phase.DONE);
    }

    @Test
    void secondDeployStartsBesideTheFirstSwitchesThenStopsAndKeepsTheOldOne() {
        v1DeployedV2Pushed();
        droplet.log.clear();

        deploy(backend("v2"));

        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v2");
        assertThat(droplet.stopping).as("its stop is not waited for").containsExactly("pm-backend-1");
        droplet.settle();
        assertThat(droplet.containers.get("pm-backend-1").running)
                .as("kept, stopped, for a rollback")
                .isFalse();
        assertThat(droplet.containers.get("pm-backend-1").image).isEqualTo(REPO + ":dev-backend-v1");
        assertThat(droplet.log)
                .containsSubsequence(
                        "run pm-backend-2 " + REPO + ":dev-backend-v2", "reload pm-backend-proxy", "stop pm-backend-1");
        assertThat(droplet.log)
                .as("the old one serves until the switch: never stopped before it")
                .doesNotContain("stop pm-backend-proxy");
    }

    @Test
    void aHealthyCutoverReloadsTheProxyWithoutTestingItsConfigurationFirst() {
        v1DeployedV2Pushed();
        droplet.log.clear();

        deploy(backend("v2"));

        // nginx keeps its previous configuration when it rejects a new one; the slot header confirms the
        // switch, so a `docker exec nginx -t` (half a second on a droplet) is only run when that fails.
        assertThat(droplet.log).contains("reload pm-backend-proxy").doesNotContain("nginx -t pm-backend-proxy");
    }

    @Test
    void aProxyThatAlreadyRunsTheConfiguredImageIsNotAskedForItsImageAgain() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);
        droplet.push(REPO + ":dev-backend-v2", "sha256:bbb", true);

        DeployResult first = deploy(backend("v1"));
        DeployResult second = deploy(backend("v2"));

        assertThat(first.steps()).extracting(StepLog.Step::name).anyMatch(n -> n.startsWith("proxy image "));
        // The plan saw the proxy running golden.proxy.image: the cutover reloads it, no image to make ready
        // (a `docker image inspect` on the droplet, 0.1 s, saved on every later deploy).
        assertThat(second.steps()).extracting(StepLog.Step::name).noneMatch(n -> n.startsWith("proxy image "));
        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v2");
    }

    @Test
    void aProxyThePlanSawRunningIsReloadedWithoutAskingTheEngineAgain() {
        v1DeployedV2Pushed();
        droplet.inspected.clear();

        deploy(backend("v2"));

        assertThat(droplet.inspected)
                .as("the plan's look at the proxy is the only one (a docker inspect, ~0.1 s on a droplet)")
                .containsOnlyOnce("pm-backend-proxy");
        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v2");
    }

    @Test
    void aProxyStoppedBetweenThePlanAndTheCutoverIsStartedAgainAtTheCutover() {
        v1DeployedV2Pushed();
        droplet.onProbe = () -> droplet.containers.get("pm-backend-proxy").running = false; // during the health check

        deploy(backend("v2"));

        assertThat(droplet.containers.get("pm-backend-proxy").running).isTrue();
        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v2");
        droplet.settle();
        assertThat(droplet.containers.get("pm-backend-1").running)
                .as("the previous slot, kept")
                .isFalse();
    }

    @Test
    void aProxyThatRejectsTheNewConfigurationFailsTheCutoverAtOnceWithNginxsWords() {
        v1DeployedV2Pushed();
        droplet.proxyRejects = "nginx: [emerg] unexpected \"}\" in /etc/golden-proxy/live.conf:3";
        time.sleeps.clear();

        assertThatThrownBy(() -> deploy(backend("v2")))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("rejected the configuration for pm-backend-2")
                .hasMessageContaining("unexpected \"}\" in /etc/golden-proxy/live.conf:3");

        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v1");
        assertThat(droplet.containers.get("pm-backend-1").running).isTrue();
        assertThat(droplet.containers).doesNotContainKey("pm-backend-2");
        assertThat(console.text())
                .as("the undo checks the files it leaves: a config nginx rejects serves from memory only")
                .contains("rejects its configuration under /opt/pm/.golden/pm-backend-proxy")
                .contains("will not start again");
        assertThat(time.sleeps.stream().mapToLong(Duration::toMillis).sum())
                .as("failed once nginx -t answered, not at the %s s deadline", ProxyCutover.SWITCH_DEADLINE.toSeconds())
                .isLessThan(ProxyCutover.SWITCH_DEADLINE.toMillis() / 2);
        assertThat(droplet.dirs).doesNotContain(DeployLock.DIR);
    }

    @Test
    void aChangedProxyImageReplacesTheProxyAtTheCutoverOnceTheNewSlotIsHealthy() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);
        droplet.push(REPO + ":dev-backend-v2", "sha256:bbb", true);
        String upgraded = "registry.local/nginx:proxy-next";
        droplet.push(upgraded, "sha256:px2", true);
        deploy(backend("v1"));
        droplet.log.clear();

        new Deployer(
                        droplet,
                        console,
                        time.timing(),
                        noHooks,
                        new CutoverOptions(
                                upgraded, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(60), false))
                .deploy(backend("v2"), new StepLog(console, time));

        assertThat(droplet.containers.get("pm-backend-proxy").image)
                .as("golden.proxy.image applied, not only the next slot")
                .isEqualTo(upgraded);
        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v2");
        assertThat(droplet.log)
                .as("the old proxy serves until the new slot is healthy, and is stopped (gracefully) before removal")
                .containsSubsequence(
                        "pull " + upgraded,
                        "run pm-backend-2 " + REPO + ":dev-backend-v2",
                        "stop pm-backend-proxy",
                        "rm pm-backend-proxy",
                        "run pm-backend-proxy",
                        "stop pm-backend-1");
    }

    @Test
    void aReferenceStyleContainerIsReplacedByTheProxyOnlyOnceTheNewSlotIsHealthy() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);
        droplet.push(REPO + ":dev-backend-v2", "sha256:bbb", true);
        droplet.pulled.add(REPO + ":dev-backend-v1");
        FakeDroplet.Container legacy = new FakeDroplet.Container(REPO + ":dev-backend-v1", true);
        legacy.port = 8000;
        droplet.containers.put("pm-backend", legacy);

        deploy(backend("v2"));

        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v2");
        assertThat(droplet.log)
                .containsSubsequence(
                        "run pm-backend-1 " + REPO + ":dev-backend-v2", "stop pm-backend", "run pm-backend-proxy");
        assertThat(droplet.containers.get("pm-backend").running).isFalse();
    }

    @Test
    void unhealthyDeployIsNeverSwitchedToAndThePreviousKeepsServing() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);
        droplet.push(REPO + ":dev-backend-v2", "sha256:bbb", true);
        droplet.push(REPO + ":dev-backend-v3", "sha256:ccc", false);
        deploy(backend("v1"));
        deploy(backend("v2"));
        time.sleeps.clear();
        droplet.log.clear();

        assertThatThrownBy(() -> deploy(backend("v3")))
                .isInstanceOf(Deployer.RolledBack.class)
                .hasMessageContaining("rolled back")
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("the previous container is serving and healthy");

        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v2");
        assertThat(droplet.log).doesNotContain("reload pm-backend-proxy");
        assertThat(droplet.containers).doesNotContainKey("pm-backend-1").containsKey("pm-backend-2");
        assertThat(console.text()).contains("Traceback: boom in " + REPO + ":dev-backend-v3");
        assertThat(time.sleeps)
                .as("five answered attempts, with growing waits")
                .containsExactly(
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        DeployHistory history = new DeployHistory(droplet, "/opt/pm/dev-backend");
        assertThat(history.entries())
                .extracting(DeployHistory.Entry::result)
                .containsExactly("success", "success", "rolled-back");
        assertThat(droplet.dirs).doesNotContain(DeployLock.DIR);
        assertThat(goldenFiles()).isEmpty();
    }

    @Test
    void aPortHeldByAnotherProcessLeavesThePreviousVersionServing() {
        v1DeployedV2Pushed();
        droplet.portHeldByStranger = true;

        assertThatThrownBy(() -> deploy(backend("v2")))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("port is already allocated");

        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v1");
        assertThat(droplet.containers).containsOnlyKeys("pm-backend-1", "pm-backend-proxy");
    }

    @Test
    void anAbsentTagFailsBeforeAnythingIsTouched() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);
        deploy(backend("v1"));
        droplet.log.clear();

        assertThatThrownBy(() -> deploy(backend("nope")))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining(REPO + ":dev-backend-nope");

        assertThat(droplet.log).containsExactly("login registry.local", "pull " + REPO + ":dev-backend-nope");
        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v1");
        assertThat(new DeployHistory(droplet, "/opt/pm/dev-backend").entries())
                .extracting(DeployHistory.Entry::result)
                .containsExactly("success", "failed");
        assertThat(goldenFiles()).isEmpty();
    }

    @Test
    void aDigestOtherThanTheOneRecordedByPushIsRefused() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);
        DeployRequest r = backend("v1");
        DeployRequest expecting = r.with(b -> b.expectedDigest = "sha256:fff");

        assertThatThrownBy(() -> deploy(expecting))
                .hasMessageContaining("sha256:aaa")
                .hasMessageContaining("sha256:fff");
        assertThat(droplet.containers).isEmpty();
    }

    @Test
    void aFailingFirstDeploySaysThereWasNothingToRollBackTo() {
        droplet.push(REPO + ":dev-backend-v3", "sha256:ccc", false);

        assertThatThrownBy(() -> deploy(backend("v3")))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("no previous container");
        assertThat(droplet.containers).isEmpty();
    }

    private void lockHeldBy(String json) {
        droplet.dirs.add(DeployLock.DIR);
        droplet.files.put(DeployLock.DIR + "/holder.json", json);
    }

    @Test
    void aHeldLockMakesTheSecondDeployWaitThenFailNamingTheHolder() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);
        lockHeldBy(
                "{\"who\":\"bob\",\"sha\":\"abc123\",\"since\":\"2026-11-25T07:00:00Z\",\"runUrl\":\"https://ci/run/7\","
                        + "\"host\":\"runner-9\",\"pid\":42,\"heartbeat\":\"" + Instant.now() + "\"}");

        assertThatThrownBy(() -> deploy(backend("v1")))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("bob")
                .hasMessageContaining("abc123")
                .hasMessageContaining("https://ci/run/7")
                .hasMessageContaining("runner-9 pid 42");

        assertThat(droplet.containers).isEmpty();
        assertThat(droplet.dirs).as("someone else's lock is left alone").contains(DeployLock.DIR);
        assertThat(time.now).isEqualTo(Duration.ofSeconds(30).toNanos());
    }

    @Test
    void aLockWithoutHeartbeatIsReportedStaleWithHowToTakeItOver() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);
        String holder = "{\"who\":\"bob\",\"sha\":\"abc123\",\"since\":\"2026-11-25T07:00:00Z\",\"host\":\"runner-9\","
                + "\"pid\":42,\"heartbeat\":\"" + Instant.now().minusSeconds(300) + "\"}";
        lockHeldBy(holder);

        assertThatThrownBy(() -> deploy(backend("v1")))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("stale")
                .hasMessageContaining("no heartbeat for 30")
                .satisfies(e -> assertThat(((GoldenException) e).hint())
                        .get()
                        .asString()
                        .contains("-Dgolden.lock.takeOver=true"));
        assertThat(time.sleeps)
                .as("a stale lock is reported at once, not waited for")
                .isEmpty();

        new Deployer(
                        droplet,
                        console,
                        time.timing(),
                        noHooks,
                        new CutoverOptions(
                                PROXY, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(60), true))
                .deploy(backend("v1"), new StepLog(console, time));
        assertThat(console.text()).contains("taking over the deploy lock");
        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v1");
    }

    @Test
    void aLockOfAProcessOfThisMachineThatIsGoneIsTakenOver() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);
        lockHeldBy("{\"who\":\"me\",\"sha\":\"x\",\"since\":\"" + Instant.now() + "\",\"host\":\""
                + DeployLock.thisHost() + "\",\"pid\":2147483000,\"heartbeat\":\"" + Instant.now() + "\"}");

        deploy(backend("v1"));

        assertThat(console.text()).contains("that process is gone");
        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v1");
    }

    @Test
    void theLockCarriesHostPidAndAHeartbeatRenewedDuringALongDeploy() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);
        droplet.push(REPO + ":dev-backend-v3", "sha256:ccc", false);
        java.util.List<String> holders = new java.util.ArrayList<>();
        deploy(backend("v1"));
        droplet.onProbe = () -> {
            time.now += Duration.ofSeconds(6).toNanos(); // each probe takes 6 s
            DeployLock.readHolder(droplet).ifPresent(h -> holders.add(h.heartbeat()));
        };

        assertThatThrownBy(() -> deployer()
                .wallClock(() -> Instant.ofEpochSecond(1_000_000_000L + time.now / 1_000_000_000L))
                .deploy(backend("v3"), new StepLog(console, time)));

        assertThat(holders).as("renewed while the health check polls").hasSizeGreaterThan(2);
        assertThat(holders.stream().distinct().count()).isGreaterThan(1);
    }

    @Test
    void aLockReleasedWhileWaitingIsTaken() {
        droplet.push(REPO + ":dev-backend-v1", "sha256:aaa", true);
        droplet.dirs.add(DeployLock.DIR);
        time.onSleep = () -> droplet.removeTree(DeployLock.DIR);

        deploy(backend("v1"));

        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v1");
        assertThat(time.sleeps).hasSize(1);
    }

    @Test
    void unlockRemovesAStaleLockAndReportsItsHolder() {
        lockHeldBy("{\"who\":\"bob\",\"sha\":\"abc123\",\"since\":\"2026-11-25T07:00:00Z\"}");

        assertThat(DeployLock.forceRelease(droplet))
                .get()
                .extracting(DeployLock.Holder::who)
                .isEqualTo("bob");
        assertThat(droplet.dirs).doesNotContain(DeployLock.DIR);
    }

    @Test
    void rollbackStartsTheKeptContainerAgainAndSwitchesBack() {
        v1DeployedV2Pushed();
        deploy(backend("v2"));
        droplet.log.clear();

        deploy(backend("v2").withImage("v1", REPO + ":dev-backend-v1", "sha256:aaa"));

        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v1");
        // Right after v2's deploy the kept v1 may still be stopping (in the background): the rollback
        // waits for that stop before it starts it, or the stop in flight would end it again.
        assertThat(droplet.containers.get("pm-backend-1").running).isTrue();
        assertThat(droplet.log)
                .containsSubsequence(
                        "stop pm-backend-1", "start pm-backend-1", "reload pm-backend-proxy", "stop pm-backend-2")
                .doesNotContain("run pm-backend-1 " + REPO + ":dev-backend-v1");
    }

    @Test
    void aJournalLeftBeforeTheCutoverIsUndoneByTheNextDeployWhichSaysSo() {
        v1DeployedV2Pushed();
        // A JVM killed during the health check of v2: new container up, credential on the droplet, journal "running".
        InjectingDroplet injecting = new InjectingDroplet();
        Droplet dying = injecting.wrap(droplet);
        injecting.before = n -> {
            if (injecting.calls.get(n).equals("probe")) {
                throw new ThreadDeath();
            }
        };
        assertThatThrownBy(() -> new Deployer(dying, console, time.timing(), noHooks, CUTOVER)
                        .deploy(backend("v2"), new StepLog(console, time)))
                .isInstanceOf(ThreadDeath.class);
        assertThat(droplet.containers).containsKey("pm-backend-2");
        droplet.removeTree(DeployLock.DIR); // what golden:unlock or the stale takeover does

        assertThat(deployer().resolve(ServiceKind.BACKEND, "next"))
                .get()
                .asString()
                .contains("found an unfinished deploy of dev-backend v2")
                .contains("step 'health")
                .contains("undid it");

        assertThat(droplet.containers).doesNotContainKey("pm-backend-2");
        assertThat(droplet.serving("pm-backend")).isEqualTo(REPO + ":dev-backend-v1");
        assertThat(goldenFiles()).isEmpty();
    }

    // --- frontend ---

    @Test
    void frontendDeployGivesEachSlotItsOwnEnvConfigAndInstallsTheSite() {
        droplet.push(FRONT + ":dev-frontend-v1", "sha256:f1", true);

        deploy(frontend("v1", "https://dev.example", "10.77.0.2"));

        assertThat(droplet.servedConfig()).contains("\"https://dev.example\"");
        assertThat(droplet.files.get(DeployRequest.envConfigPath(1))).contains("\"https://dev.example\"");
        assertThat(droplet.modes.get(DeployRequest.envConfigPath(1))).isEqualTo(0644);
        assertThat(droplet.loadedSite)
                .contains("proxy_pass http://10.77.0.2:8000;")
                .contains("127.0.0.1:8080");
        assertThat(droplet.serving("pm-frontend")).isEqualTo(FRONT + ":dev-frontend-v1");
    }

    @Test
    void aFailedFrontendDeployLeavesThePreviousWithItsOwnConfigAndSite() {
        droplet.push(FRONT + ":dev-frontend-v1", "sha256:f1", true);
        droplet.push(FRONT + ":dev-frontend-v2", "sha256:f2", false);
        deploy(frontend("v1", "https://one.example", "10.77.0.2"));

        assertThatThrownBy(() -> deploy(frontend("v2", "https://two.example", "10.77.0.9")))
                .isInstanceOf(Deployer.RolledBack.class);

        assertThat(droplet.serving("pm-frontend")).isEqualTo(FRONT + ":dev-frontend-v1");
        assertThat(droplet.servedConfig()).contains("https://one.example").doesNotContain("two.example");
        assertThat(droplet.loadedSite)
                .as("the site routes to the old backend again")
                .contains("proxy_pass http://10.77.0.2:8000;")
                .doesNotContain("10.77.0.9");
        assertThat(goldenFiles()).isEmpty();
    }

    @Test
    void aRejectedNginxSiteStopsTheDeployBeforeAnyContainerIsStarted() {
        droplet.push(FRONT + ":dev-frontend-v1", "sha256:f1", true);
        droplet.push(FRONT + ":dev-frontend-v2", "sha256:f2", true);
        deploy(frontend("v1", "https://one.example", "10.77.0.2"));
        droplet.nginxRejects = true;

        assertThatThrownBy(() -> deploy(frontend("v2", "https://two.example", "10.77.0.9")))
                .hasMessageContaining("nginx rejected");

        assertThat(droplet.serving("pm-frontend")).isEqualTo(FRONT + ":dev-frontend-v1");
        assertThat(droplet.servedConfig()).contains("https://one.example");
        assertThat(droplet.containers).doesNotContainKey("pm-frontend-2");
    }

    @Test
    void aBrokenHostNginxOnlyWarns() {
        droplet.push(FRONT + ":dev-frontend-v1", "sha256:f1", true);
        droplet.proxyUp = false;

        deploy(frontend("v1", "https://one.example", "10.77.0.2"));

        assertThat(console.text()).contains("WARN the host nginx at http://localhost:80/ answered HTTP 502");
        assertThat(droplet.serving("pm-frontend")).isEqualTo(FRONT + ":dev-frontend-v1");
    }
}
