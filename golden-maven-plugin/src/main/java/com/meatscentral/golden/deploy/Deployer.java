package com.meatscentral.golden.deploy;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Deploys one service on its droplet without a moment unserved: under the droplet's lock it
 * first resolves whatever an earlier, interrupted deploy left ({@link DeployJournal}), then
 * plans the cutover (which slot is free, what serves now), and hands the {@link DeploySteps}
 * to the {@link StepExecutor}. Ctrl-C / SIGTERM only ask the deploy thread to stop
 * ({@link Interruption}); the thread undoes (or, after the cutover, finishes) its own steps.
 */
public final class Deployer {

    private final Droplet droplet;
    private final Console console;
    private final Timing timing;
    private final ShutdownHooks hooks;
    private final CutoverOptions cutover;
    private Supplier<Instant> wallClock = Instant::now;

    /** The new container failed and the previous one serves (it never stopped). */
    public static final class RolledBack extends GoldenException {
        RolledBack(String message, String hint, Throwable cause) {
            super(message, hint, cause);
        }
    }

    public Deployer(Droplet droplet, Console console, Timing timing) {
        this(droplet, console, timing, ShutdownHooks.RUNTIME, CutoverOptions.DEFAULT);
    }

    public Deployer(Droplet droplet, Console console, Timing timing, ShutdownHooks hooks, CutoverOptions cutover) {
        this.droplet = droplet;
        this.console = console;
        this.timing = timing;
        this.hooks = hooks;
        this.cutover = cutover;
    }

    /** Tests: the wall clock of lock heartbeats. */
    Deployer wallClock(Supplier<Instant> clock) {
        this.wallClock = clock;
        return this;
    }

    public DeployResult deploy(DeployRequest r, StepLog steps) {
        return deploy(r, steps, () -> {});
    }

    /**
     * As {@link #deploy(DeployRequest, StepLog)}, running {@code underLock} (the backend's
     * migration) once the droplet's lock is held and before anything on the droplet changes.
     */
    public DeployResult deploy(DeployRequest r, StepLog steps, Runnable underLock) {
        Interruption interruption = timing.interruption();
        Thread hook = new Thread(() -> onInterrupt(interruption), "golden-deploy-interrupted");
        hooks.add(hook);
        DeployLock lock = null;
        try {
            lock = lock(r, steps, interruption);
            return deployHolding(r, steps, underLock, lock, interruption);
        } finally {
            release(lock);
            interruption.settle();
            hooks.remove(hook);
        }
    }

    /** Takes this droplet's deploy lock for {@code r} (waiting as the request says); {@link RollingDeploy} holds one per host. */
    DeployLock lock(DeployRequest r, StepLog steps, Interruption interruption) {
        DeployLock.Holder me = new DeployLock.Holder(
                r.who(),
                r.sha(),
                r.env(),
                wallClock.get().toString(),
                r.runUrl(),
                DeployLock.thisHost(),
                ProcessHandle.current().pid(),
                null);
        return steps.call(
                "lock " + DeployLock.DIR,
                () -> DeployLock.acquire(
                        droplet, me, cutover.lock(r.lockWait()), interruption, timing.clock(), wallClock, console));
    }

    /** Releases a lock taken by {@link #lock}; a failure is reported, never thrown (the next deploy sees it as stale). */
    void release(DeployLock lock) {
        if (lock != null) {
            try {
                lock.close();
            } catch (RuntimeException e) {
                console.warn("could not release the deploy lock " + DeployLock.DIR + " on " + droplet.describe() + ": "
                        + e.getMessage() + " (the next deploy reports it as stale; golden:unlock removes it)");
            }
        }
    }

    /**
     * The cutover of one droplet under a lock the caller holds, interrupted through the caller's
     * {@code interruption} (the caller owns the Ctrl-C hook): resolves a leftover journal, runs
     * {@code underLock}, plans and runs the steps.
     */
    DeployResult deployHolding(
            DeployRequest r, StepLog steps, Runnable underLock, DeployLock lock, Interruption interruption) {
        Droplet guarded = GuardedDroplet.wrap(droplet, interruption, lock, timing.clock());
        StepExecutor executor = new StepExecutor(droplet, guarded, console, steps);
        resolveLeftover(r.kind(), executor, interruption).ifPresent(console::warn);
        underLock.run();
        interruption.checkpoint();
        DeployPlan plan = steps.call("plan", () -> DeployPlanner.plan(guarded, r, cutover, wallClock.get()));
        DeployJournal journal = DeployJournal.start(droplet, plan);
        StepExecutor.Outcome outcome =
                executor.run(DeploySteps.of(plan, r, console, timing.sleepingThrough(interruption)), journal);
        return result(r, plan, journal, outcome, steps);
    }

    /** golden:status: resolves a journal left unfinished, if the lock is free; returns what it found and did. */
    public Optional<String> resolve(ServiceKind kind, String who) {
        Interruption interruption = timing.interruption();
        Optional<DeployJournal> journal = DeployJournal.read(droplet, kind);
        if (journal.isEmpty() || journal.get().state().finished()) {
            return Optional.empty();
        }
        DeployLock.Holder me = new DeployLock.Holder(
                who,
                "-",
                "status",
                wallClock.get().toString(),
                null,
                DeployLock.thisHost(),
                ProcessHandle.current().pid(),
                null);
        try (DeployLock lock = DeployLock.acquire(
                droplet, me, cutover.lock(Duration.ZERO), interruption, timing.clock(), wallClock, console)) {
            StepExecutor executor = new StepExecutor(droplet, droplet, console, new StepLog(console, timing.clock()));
            return resolveLeftover(kind, executor, interruption);
        } catch (GoldenException e) {
            return Optional.of(
                    "an unfinished deploy is recorded in " + journal.get().path() + " (step "
                            + journal.get().state().running() + "), but the lock is held: " + e.getMessage());
        }
    }

    private Optional<String> resolveLeftover(ServiceKind kind, StepExecutor executor, Interruption interruption) {
        Optional<DeployJournal> journal = DeployJournal.read(droplet, kind);
        if (journal.isEmpty() || journal.get().state().finished()) {
            return Optional.empty();
        }
        DeployJournal.State s = journal.get().state();
        String found = "found an unfinished deploy of " + s.plan().env() + " "
                + s.plan().sha() + " by " + s.plan().who()
                + " (phase " + s.phase().name().toLowerCase() + ", "
                + (s.running() == null ? "between steps" : "step '" + s.running() + "' running") + ", since "
                + s.updated() + ") in " + journal.get().path();
        String did = executor.resolve(
                journal.get(), DeploySteps.of(s.plan(), null, console, timing.sleepingThrough(interruption)));
        return Optional.of(found + "; " + did);
    }

    private DeployResult result(
            DeployRequest r, DeployPlan plan, DeployJournal journal, StepExecutor.Outcome o, StepLog steps) {
        String digest = journal.state().digest();
        if (o.failure() == null) {
            return new DeployResult(r.env(), r.sha(), r.image(), digest, journal.healthAttempts(), steps.steps());
        }
        RuntimeException e = o.failure();
        String serving = o.committed()
                ? plan.newContainer() + " (" + r.image() + ")"
                : plan.oldContainer() == null ? "nothing (this was the first deploy)" : plan.oldContainer();
        if (o.committed() && !(e instanceof Interruption.Interrupted)) {
            console.warn("'" + o.failedStep() + "' failed after the cutover (" + e.getMessage() + "); " + serving
                    + " serves");
            return new DeployResult(r.env(), r.sha(), r.image(), digest, journal.healthAttempts(), steps.steps());
        }
        appendHistory(
                r, digest, e instanceof DeploySteps.NotHealthy ? DeployHistory.ROLLED_BACK : DeployHistory.FAILED);
        if (e instanceof Interruption.Interrupted) {
            throw new GoldenException(
                    "golden:deploy was interrupted at '" + o.failedStep() + "'; "
                            + (o.committed()
                                    ? "the cutover was done: " + serving + " serves"
                                    : "nothing was switched: " + serving + " serves"),
                    "run it again when you are ready");
        }
        if (e instanceof DeploySteps.NotHealthy nh) {
            String state =
                    plan.oldContainer() == null ? "there was no previous container to roll back to" : previousHealth(r);
            throw new RolledBack(
                    nh.getMessage() + "; rolled back: " + state, nh.hint().orElse(null), null);
        }
        throw e;
    }

    private String previousHealth(DeployRequest r) {
        try {
            HealthProbe.ProbeResult probe =
                    droplet.probe(r.kind().healthUrl(), r.health().perAttemptTimeout());
            return probe.healthy()
                    ? "the previous container is serving and healthy (it was never out of service)"
                    : "the previous container still serves but is NOT healthy either (" + probe + ")";
        } catch (RuntimeException e) {
            return "the previous container still serves (its health could not be checked: " + e.getMessage() + ")";
        }
    }

    private void appendHistory(DeployRequest r, String digest, String result) {
        try {
            new DeployHistory(droplet, r.envDir())
                    .append(new DeployHistory.Entry(
                            r.sha(),
                            r.image(),
                            digest,
                            Instant.now().toString(),
                            result,
                            r.who(),
                            r.kind().lower()));
        } catch (RuntimeException e) {
            console.warn("could not append to the deploy history: " + e.getMessage());
        }
    }

    /** The shutdown hook: asks, then waits; never touches the droplet itself. */
    private void onInterrupt(Interruption interruption) {
        interruption.request();
        console.warn("golden:deploy interrupted: stopping at the next step boundary and putting the droplet back"
                + " (up to " + cutover.interruptGrace().toSeconds() + " s)");
        if (!interruption.awaitSettled(cutover.interruptGrace())) {
            console.error(
                    "golden:deploy did not settle within "
                            + cutover.interruptGrace().toSeconds() + " s (a droplet call"
                            + " is still running); the journal under " + DeployPlan.STATE_DIR + " on "
                            + droplet.describe()
                            + " records the step: the next golden:deploy, golden:rollback or golden:status finishes or undoes it");
        }
    }
}
