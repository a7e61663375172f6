package com.meatscentral.golden.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.RecordingConsole;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A rolling deploy over several fake droplets (the same in-memory droplet as the per-host
 * fault-injection test): every host ends on the same version, the first host is a barrier, the
 * migration runs once before any switch, locks are taken in sorted order and always released.
 */
class RollingDeployTest {

    static final String V1 = DeployFaultInjectionTest.V1;
    static final String V2 = DeployFaultInjectionTest.V2;
    static final String V3 = DeployFaultInjectionTest.V3;

    private final FakeTime time = new FakeTime();
    private final RecordingConsole console = new RecordingConsole();
    private final Map<String, FakeDroplet> droplets = new LinkedHashMap<>();
    private final List<String> lockOrder = Collections.synchronizedList(new ArrayList<>());
    private final List<String> historyReads = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> hooks = new ArrayList<>();
    private final ShutdownHooks recordingHooks = new ShutdownHooks() {
        @Override
        public synchronized void add(Thread hook) {
            hooks.add(hook);
        }

        @Override
        public void remove(Thread hook) {}
    };

    /** Hosts on V1 (deployed the single-host way), with V2 healthy and V3 unhealthy in the registry. */
    private List<RollingDeploy.Host> hosts(String... names) {
        List<RollingDeploy.Host> hosts = new ArrayList<>();
        for (String name : names) {
            FakeDroplet d = new FakeDroplet();
            d.push(DeployerTest.PROXY, "sha256:px", true);
            d.push(V1, "sha256:aaa", true);
            d.push(V2, "sha256:bbb", true);
            d.push(V3, "sha256:ccc", false);
            new Deployer(d, console, time.timing(), ShutdownHooks.NONE, DeployerTest.CUTOVER)
                    .deploy(DeployerTest.backend("v1"), new StepLog(console, time));
            droplets.put(name, d);
            hosts.add(new RollingDeploy.Host(name, recordingLocks(name, d)));
        }
        return hosts;
    }

    /** The droplet, noting which host's lock directory is created when. */
    private Droplet recordingLocks(String name, FakeDroplet d) {
        return (Droplet) Proxy.newProxyInstance(
                Droplet.class.getClassLoader(), new Class<?>[] {Droplet.class}, (proxy, method, args) -> {
                    if (method.getName().equals("mkdirExclusive") && DeployLock.DIR.equals(args[0])) {
                        lockOrder.add(name);
                    }
                    if (method.getName().equals("readFile") && ((String) args[0]).endsWith("/history.jsonl")) {
                        historyReads.add(name);
                    }
                    try {
                        return method.invoke(d, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private RollingDeploy rolling(RolloutLimit limit) {
        return new RollingDeploy(console, time.timing(), recordingHooks, DeployerTest.CUTOVER, limit);
    }

    private void assertAllServe(String image) {
        droplets.forEach((name, d) -> {
            assertThat(d.serving("pm-backend")).as(name + " serves").isEqualTo(image);
            assertThat(d.dirs).as(name + ": lock released").doesNotContain(DeployLock.DIR);
            assertThat(DeployJournal.read(d, ServiceKind.BACKEND)
                            .map(j -> j.state().finished()))
                    .as(name + ": journal settled")
                    .hasValue(true);
            assertThat(d.files.keySet()).as(name + ": no credential left").noneMatch(f -> f.endsWith("config.json"));
        });
    }

    @Test
    void twoHostsBothEndOnTheNewVersionAndTheMigrationRanOnceBeforeAnySwitch() {
        List<RollingDeploy.Host> hosts = hosts("10.0.0.1", "10.0.0.2");
        AtomicInteger migrations = new AtomicInteger();
        List<String> servingAtMigration = new ArrayList<>();
        RollingDeploy.Result result = rolling(RolloutLimit.ONE)
                .deploy(hosts, DeployerTest.backend("v2"), new StepLog(console, time), () -> {
                    migrations.incrementAndGet();
                    droplets.values().forEach(d -> servingAtMigration.add(d.serving("pm-backend")));
                });
        assertThat(migrations).hasValue(1);
        assertThat(servingAtMigration).containsOnly(V1);
        assertAllServe(V2);
        assertThat(result.outcomes()).extracting(RollingDeploy.Outcome::result).containsOnly("switched");
        assertThat(console.text())
                .contains("[10.0.0.1] ")
                .contains("[10.0.0.2] ")
                .contains("| host | result | serves |");
    }

    @Test
    void threeHostsTwoAtATimeAfterTheBarrier() {
        List<RollingDeploy.Host> hosts = hosts("10.0.0.1", "10.0.0.2", "10.0.0.3");
        RollingDeploy r = rolling(RolloutLimit.parse("2"));
        assertThat(r.batches(hosts))
                .extracting(b -> b.stream().map(RollingDeploy.Host::name).toList())
                .containsExactly(List.of("10.0.0.1"), List.of("10.0.0.2", "10.0.0.3"));
        r.deploy(hosts, DeployerTest.backend("v2"), new StepLog(console, time), () -> {});
        assertAllServe(V2);
    }

    @Test
    void threeHostsOneAtATime() {
        List<RollingDeploy.Host> hosts = hosts("10.0.0.1", "10.0.0.2", "10.0.0.3");
        rolling(RolloutLimit.ONE).deploy(hosts, DeployerTest.backend("v2"), new StepLog(console, time), () -> {});
        assertAllServe(V2);
    }

    @Test
    void aFailureOnTheSecondHostSwitchesTheFirstBackSoBothServeThePrevious() {
        List<RollingDeploy.Host> hosts = hosts("10.0.0.1", "10.0.0.2");
        droplets.get("10.0.0.1").healthyImages.add(V3); // healthy on the first, not on the second
        assertThatThrownBy(() -> rolling(RolloutLimit.ONE)
                        .deploy(hosts, DeployerTest.backend("v3"), new StepLog(console, time), () -> {}))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("stopped at [10.0.0.2]")
                .hasMessageContaining("switched, then switched back");
        assertAllServe(V1);
        // a switch back, not a restart: the first host's previous container was kept and started again
        assertThat(droplets.get("10.0.0.1").log).contains("start pm-backend-1");
    }

    @Test
    void aFailureOnTheFirstHostIsTheBarrierTheOthersAreNeverTouched() {
        List<RollingDeploy.Host> hosts = hosts("10.0.0.1", "10.0.0.2");
        FakeDroplet second = droplets.get("10.0.0.2");
        int before = second.log.size();
        assertThatThrownBy(() -> rolling(RolloutLimit.parse("100%"))
                        .deploy(hosts, DeployerTest.backend("v3"), new StepLog(console, time), () -> {}))
                .hasMessageContaining("stopped at [10.0.0.1]");
        assertThat(second.log.subList(before, second.log.size())).noneMatch(l -> l.contains(V3));
        assertAllServe(V1);
    }

    @Test
    void eachHostsHistoryIsReadByItsOwnCutoverSoAHostTheRolloutNeverReachesIsNotRead() {
        List<RollingDeploy.Host> hosts = hosts("10.0.0.1", "10.0.0.2", "10.0.0.3");
        assertThatThrownBy(() -> rolling(RolloutLimit.ONE)
                        .deploy(hosts, DeployerTest.backend("v3"), new StepLog(console, time), () -> {}))
                .hasMessageContaining("stopped at [10.0.0.1]");
        assertThat(historyReads).as("only the barrier host's cutover ran").containsOnly("10.0.0.1");
        assertAllServe(V1);
    }

    @Test
    void anInterruptMidRolloutPutsEveryHostBackOnThePrevious() throws Exception {
        List<RollingDeploy.Host> hosts = hosts("10.0.0.1", "10.0.0.2", "10.0.0.3");
        FakeDroplet second = droplets.get("10.0.0.2");
        Thread[] sigint = new Thread[1];
        second.onProbe = () -> {
            if (sigint[0] == null) {
                sigint[0] = new Thread(hooks.get(0)); // the JVM runs the hook on its own thread
                sigint[0].start();
                while (sigint[0].isAlive() && !console.text().contains("interrupted")) {
                    Thread.onSpinWait();
                }
            }
        };
        assertThatThrownBy(() -> rolling(RolloutLimit.ONE)
                        .deploy(hosts, DeployerTest.backend("v2"), new StepLog(console, time), () -> {}))
                .hasMessageContaining("stopped at [10.0.0.2]");
        sigint[0].join(10_000);
        assertThat(sigint[0].isAlive()).as("the hook settled").isFalse();
        assertAllServe(V1);
        assertThat(droplets.get("10.0.0.3").log).noneMatch(l -> l.contains(V2));
    }

    @Test
    void locksAreTakenInSortedOrderWhateverTheRolloutOrderAndReleased() {
        List<RollingDeploy.Host> hosts = hosts("10.0.0.9", "10.0.0.10", "10.0.0.2");
        lockOrder.clear();
        rolling(RolloutLimit.ONE).deploy(hosts, DeployerTest.backend("v2"), new StepLog(console, time), () -> {});
        assertThat(lockOrder.subList(0, 3)).containsExactly("10.0.0.10", "10.0.0.2", "10.0.0.9");
        assertAllServe(V2);
    }

    @Test
    void aHostWhoseLockIsHeldMakesTheRolloutWaitThenFailWithoutTouchingAnyHost() {
        List<RollingDeploy.Host> hosts = hosts("10.0.0.1", "10.0.0.2");
        FakeDroplet second = droplets.get("10.0.0.2");
        second.dirs.add(DeployLock.DIR);
        second.files.put(
                DeployLock.DIR + "/holder.json",
                "{\"who\":\"bob\",\"sha\":\"x\",\"since\":\"" + java.time.Instant.now() + "\",\"heartbeat\":\""
                        + java.time.Instant.now().plusSeconds(3600) + "\"}");
        assertThatThrownBy(() -> rolling(RolloutLimit.ONE)
                        .deploy(hosts, DeployerTest.backend("v2"), new StepLog(console, time), () -> {}))
                .hasMessageContaining("held by bob");
        assertThat(droplets.get("10.0.0.1").dirs)
                .as("the first host's lock was released")
                .doesNotContain(DeployLock.DIR);
        assertThat(droplets.get("10.0.0.1").serving("pm-backend")).isEqualTo(V1);
        assertThat(second.serving("pm-backend")).isEqualTo(V1);
    }

    @Test
    void limitIsACountOrAPercentage() {
        assertThat(RolloutLimit.parse(null).batch(5)).isEqualTo(1);
        assertThat(RolloutLimit.parse("2").batch(5)).isEqualTo(2);
        assertThat(RolloutLimit.parse("50%").batch(5)).isEqualTo(3);
        assertThat(RolloutLimit.parse("100%").batch(1)).isEqualTo(1);
        assertThat(RolloutLimit.parse("9").batch(3)).isEqualTo(3);
        for (String bad : List.of("0", "-1", "two", "0%", "150%", "1.5")) {
            assertThatThrownBy(() -> RolloutLimit.parse(bad))
                    .as(bad)
                    .isInstanceOf(GoldenException.class)
                    .hasMessageContaining("golden.deploy.limit")
                    .hasMessageContaining(bad);
        }
    }
}
