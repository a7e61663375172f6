package com.meatscentral.golden.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.RecordingConsole;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every droplet call of a backend deploy, a frontend deploy, a failed deploy and a rollback,
 * with an interrupt (the JVM's shutdown hook, run on its own thread as on SIGINT) just before
 * and just after it, and with that one call failing. Each run must end with the previous
 * version serving (or the new one, when the cutover completed), with its own env-config.js and
 * nginx site, no registry credential, runtime file or backup left, the lock released and the
 * journal settled; if the run itself could not (a failure of the very call that undoes), the
 * next run (golden:status / deploy / rollback, here {@link Deployer#resolve}) finishes the job.
 * After every single call something healthy answers on the public port (a proxy upgrade: except
 * while its proxy is replaced, the documented gap), and no two threads ever act on the droplet
 * at once.
 */
class DeployFaultInjectionTest {

    enum Mode {
        INTERRUPT_BEFORE,
        INTERRUPT_AFTER,
        FAIL
    }

    static final String V1 = DeployerTest.REPO + ":dev-backend-v1";
    static final String V2 = DeployerTest.REPO + ":dev-backend-v2";
    static final String V3 = DeployerTest.REPO + ":dev-backend-v3";
    static final String F1 = DeployerTest.FRONT + ":dev-frontend-v1";
    static final String F2 = DeployerTest.FRONT + ":dev-frontend-v2";
    static final String PROXY_NEXT = "registry.local/nginx:proxy-next";
    static final CutoverOptions UPGRADE = new CutoverOptions(
            PROXY_NEXT, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(60), false);

    /** One droplet, its clock, console and the hooks a deploy registered. */
    static final class World {
        final FakeDroplet droplet = new FakeDroplet();
        final FakeTime time = new FakeTime();
        final RecordingConsole console = new RecordingConsole();
        final List<Thread> hooks = new ArrayList<>();
        final ShutdownHooks recording = new ShutdownHooks() {
            @Override
            public synchronized void add(Thread hook) {
                hooks.add(hook);
            }

            @Override
            public void remove(Thread hook) {}
        };

        World() {
            droplet.push(DeployerTest.PROXY, "sha256:px", true);
        }

        void deploy(DeployRequest r) {
            new Deployer(droplet, console, time.timing(), ShutdownHooks.NONE, DeployerTest.CUTOVER)
                    .deploy(r, new StepLog(console, time));
        }
    }

    record Scenario(
            String name,
            ServiceKind kind,
            Consumer<World> setup,
            DeployRequest request,
            String previous,
            String next,
            String previousApi,
            String nextApi,
            CutoverOptions cutover) {
        Scenario(
                String name,
                ServiceKind kind,
                Consumer<World> setup,
                DeployRequest request,
                String previous,
                String next,
                String previousApi,
                String nextApi) {
            this(name, kind, setup, request, previous, next, previousApi, nextApi, DeployerTest.CUTOVER);
        }

        boolean upgradesProxy() {
            return cutover != DeployerTest.CUTOVER;
        }
    }

    static List<Scenario> scenarios() {
        return List.of(
                new Scenario(
                        "backend deploy",
                        ServiceKind.BACKEND,
                        w -> {
                            w.droplet.push(V1, "sha256:aaa", true);
                            w.droplet.push(V2, "sha256:bbb", true);
                            w.deploy(DeployerTest.backend("v1"));
                        },
                        DeployerTest.backend("v2"),
                        V1,
                        V2,
                        null,
                        null),
                new Scenario(
                        "frontend deploy",
                        ServiceKind.FRONTEND,
                        w -> {
                            w.droplet.push(F1, "sha256:f1", true);
                            w.droplet.push(F2, "sha256:f2", true);
                            w.deploy(DeployerTest.frontend("v1", "https://one.example", "10.77.0.2"));
                        },
                        DeployerTest.frontend("v2", "https://two.example", "10.77.0.9"),
                        F1,
                        F2,
                        "10.77.0.2",
                        "10.77.0.9"),
                new Scenario(
                        "failed deploy",
                        ServiceKind.BACKEND,
                        w -> {
                            w.droplet.push(V1, "sha256:aaa", true);
                            w.droplet.push(V3, "sha256:ccc", false);
                            w.deploy(DeployerTest.backend("v1"));
                        },
                        DeployerTest.backend("v3"),
                        V1,
                        null,
                        null,
                        null),
                new Scenario(
                        "rollback",
                        ServiceKind.BACKEND,
                        w -> {
                            w.droplet.push(V1, "sha256:aaa", true);
                            w.droplet.push(V2, "sha256:bbb", true);
                            w.deploy(DeployerTest.backend("v1"));
                            w.deploy(DeployerTest.backend("v2"));
                        },
                        DeployerTest.backend("v2").withImage("v1", V1, "sha256:aaa"),
                        V2,
                        V1,
                        null,
                        null),
                new Scenario(
                        "backend deploy with a new proxy image",
                        ServiceKind.BACKEND,
                        w -> {
                            w.droplet.push(V1, "sha256:aaa", true);
                            w.droplet.push(V2, "sha256:bbb", true);
                            w.droplet.push(PROXY_NEXT, "sha256:px2", true);
                            w.deploy(DeployerTest.backend("v1"));
                        },
                        DeployerTest.backend("v2"),
                        V1,
                        V2,
                        null,
                        null,
                        UPGRADE));
    }

    @TestFactory
    Stream<DynamicTest> everyCallInterruptedBeforeAndAfterAndFailed() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Scenario s : scenarios()) {
            int calls = countCalls(s);
            assertThat(calls).as(s.name() + ": droplet calls").isGreaterThan(15);
            for (int k = 0; k < calls; k++) {
                for (Mode mode : Mode.values()) {
                    int call = k;
                    tests.add(DynamicTest.dynamicTest(
                            s.name() + ": " + mode + " call " + call, () -> runOne(s, mode, call)));
                }
            }
        }
        return tests.stream();
    }

    private static int countCalls(Scenario s) {
        World w = new World();
        s.setup().accept(w);
        InjectingDroplet counting = new InjectingDroplet();
        try {
            new Deployer(counting.wrap(w.droplet), w.console, w.time.timing(), w.recording, s.cutover())
                    .deploy(s.request(), new StepLog(w.console, w.time));
        } catch (RuntimeException expected) {
            assertThat(s.next()).as("only the failed deploy fails undisturbed").isNull();
        }
        return counting.calls.size();
    }

    private static void runOne(Scenario s, Mode mode, int call) throws Exception {
        World w = new World();
        s.setup().accept(w);
        w.hooks.clear();
        InjectingDroplet inj = new InjectingDroplet();
        Thread[] started = new Thread[1];
        Function<Integer, Void> interrupt = n -> {
            if (n == call && started[0] == null) {
                started[0] = w.hooks.get(0);
                started[0].start(); // what the JVM does on SIGINT
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (started[0].getState() != Thread.State.TIMED_WAITING
                        && started[0].isAlive()
                        && System.nanoTime() < deadline) {
                    Thread.onSpinWait(); // until the hook has asked and waits for the deploy thread
                }
            }
            return null;
        };
        switch (mode) {
            case INTERRUPT_BEFORE -> inj.before = interrupt::apply;
            case INTERRUPT_AFTER -> inj.after = interrupt::apply;
            case FAIL -> inj.failAt = call;
        }
        inj.invariant = () -> {
            FakeDroplet.Container proxy = w.droplet.containers.get(s.kind().proxyContainer());
            if (s.upgradesProxy() && (proxy == null || !proxy.running)) {
                return; // the proxy is being replaced: the public port is closed until the new one runs
            }
            String serving = w.droplet.serving(s.kind().container());
            assertThat(serving).as("something healthy serves").isNotNull();
            assertThat(w.droplet.healthyImages).as("what serves is healthy").contains(serving);
        };
        Throwable outcome = null;
        try {
            new Deployer(inj.wrap(w.droplet), w.console, w.time.timing(), w.recording, s.cutover())
                    .deploy(s.request(), new StepLog(w.console, w.time));
        } catch (RuntimeException e) {
            outcome = e;
        }
        if (started[0] != null) {
            started[0].join(Duration.ofSeconds(5).toMillis());
            assertThat(started[0].isAlive()).as("the hook returned").isFalse();
            assertThat(w.console.text()).doesNotContain("did not settle");
        }
        assertThat(inj.violations).as(w.console.text()).isEmpty();

        // The next run: takes over the lock if this one could not release it, and resolves the journal.
        Deployer next = new Deployer(
                        w.droplet,
                        w.console,
                        w.time.timing(),
                        ShutdownHooks.NONE,
                        new CutoverOptions(
                                s.cutover().proxyImage(),
                                Duration.ofSeconds(30),
                                Duration.ofSeconds(5),
                                Duration.ofSeconds(60),
                                true))
                .wallClock(() -> Instant.now().plusSeconds(600));
        if (w.droplet.dirs.contains(DeployLock.DIR)) {
            assertThat(mode)
                    .as("only a failed release leaves the lock: " + outcome)
                    .isEqualTo(Mode.FAIL);
            assertThat(w.console.text()).contains("could not release the deploy lock");
        }
        next.resolve(s.kind(), "next");
        if (w.droplet.dirs.contains(DeployLock.DIR)) {
            DeployLock.acquire(
                            w.droplet,
                            new DeployLock.Holder(
                                    "next", "x", "e", Instant.now().toString(), null, "h", 1L, null),
                            new DeployLock.Policy(Duration.ZERO, Duration.ofSeconds(60), true),
                            w.time,
                            w.time,
                            () -> Instant.now().plusSeconds(600),
                            w.console)
                    .close();
        }

        w.droplet.settle(); // time passes: the previous slots' stops, begun in the background, have ended
        DeployJournal.State journal =
                DeployJournal.read(w.droplet, s.kind()).orElseThrow().state();
        assertThat(journal.finished()).as("journal settled: " + journal).isTrue();
        // The journal is this run's when it got as far as its plan, else the previous deploy's.
        boolean committed = journal.plan().sha().equals(s.request().sha())
                && journal.done().stream().anyMatch(d -> d.startsWith("cutover"));
        String expected = committed ? s.next() : s.previous();
        assertThat(w.droplet.serving(s.kind().container()))
                .as(mode + " " + call + " -> " + outcome)
                .isEqualTo(expected);
        if (s.kind() == ServiceKind.FRONTEND) {
            String api = committed ? "https://two.example" : "https://one.example";
            String backend = committed ? s.nextApi() : s.previousApi();
            assertThat(w.droplet.servedConfig()).as("its own env-config.js").contains(api);
            assertThat(w.droplet.loadedSite)
                    .as("its own nginx site")
                    .contains("proxy_pass http://" + backend + ":8000;");
            assertThat(w.droplet.files.get(DeployRequest.DEFAULT_NGINX_SITE))
                    .contains("proxy_pass http://" + backend + ":8000;");
        }
        if (!committed) {
            String fresh = s.kind()
                    .slotContainer(
                            3 - ProxyConfig.slotOf(w.droplet.files.get(s.kind().proxyDir() + "/live.conf")));
            assertThat(w.droplet.container(fresh).map(ContainerInfo::running).orElse(false))
                    .as("the new container does not run on")
                    .isFalse();
        }
        assertThat(w.droplet.files.keySet())
                .as("no credential, runtime file or site backup")
                .noneMatch(f -> f.contains("/docker-") || f.contains("/runtime-") || f.contains("/site-"));
        assertThat(w.droplet.dirs).as("lock released").doesNotContain(DeployLock.DIR);
    }
}
