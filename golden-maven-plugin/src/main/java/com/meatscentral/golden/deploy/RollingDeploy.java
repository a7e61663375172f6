package com.meatscentral.golden.deploy;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One deploy over the several droplets of an environment, each switched by the per-host cutover
 * ({@link Deployer}, {@link DeploySteps}, journal): every host's lock is taken first, in sorted
 * order (two runners never deadlock; the second waits); the migration runs once, before any host
 * switches; the first host (the bastion) goes alone and must be healthy before the others start
 * (the barrier); then {@link RolloutLimit} hosts at a time. When a host fails (health, error or
 * Ctrl-C), the rollout stops and every host already switched is switched back to the version it
 * served before (its previous container is kept), so all hosts end on the same version.
 */
public final class RollingDeploy {

    /** One droplet of the rollout: its address, its droplet operations and the previous version it serves. */
    public record Host(String name, Droplet droplet) {}

    /** A host's line in the summary table. */
    public record Outcome(String host, String result, String serves) {}

    private final Console console;
    private final Timing timing;
    private final ShutdownHooks hooks;
    private final CutoverOptions cutover;
    private final RolloutLimit limit;

    public RollingDeploy(
            Console console, Timing timing, ShutdownHooks hooks, CutoverOptions cutover, RolloutLimit limit) {
        this.console = console;
        this.timing = timing;
        this.hooks = hooks;
        this.cutover = cutover;
        this.limit = limit;
    }

    /** What a rollout did: one outcome per host in rollout order; the failure, if any (already thrown as well). */
    public record Result(List<Outcome> outcomes, DeployResult first) {}

    /**
     * Deploys {@code r} to {@code hosts} (rollout order: the bastion first), running {@code migrate}
     * once under all locks before anything switches. Throws when the rollout stopped, after switching back.
     */
    public Result deploy(List<Host> hosts, DeployRequest r, StepLog steps, Runnable migrate) {
        Interruption interruption = timing.interruption();
        Thread hook = new Thread(() -> onInterrupt(interruption), "golden-rollout-interrupted");
        hooks.add(hook);
        Map<String, Deployer> deployers = new LinkedHashMap<>();
        Map<String, DeployLock> locks = new LinkedHashMap<>();
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        hosts.forEach(h -> outcomes.put(h.name(), new Outcome(h.name(), "not started", "unchanged")));
        List<Host> switched = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(limit.batch(hosts.size()), runnable -> {
            Thread t = new Thread(runnable, "golden-rollout-host");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Host h : hosts.stream()
                    .sorted(java.util.Comparator.comparing(Host::name, DropletHosts.LOCK_ORDER))
                    .toList()) {
                Deployer d = new Deployer(h.droplet(), prefixed(h.name()), timing, ShutdownHooks.NONE, cutover);
                deployers.put(h.name(), d);
                locks.put(h.name(), d.lock(r, steps, interruption));
            }
            // What each host served, read by its own task just before its cutover: only a switch back needs it.
            Map<String, Optional<DeployHistory.Entry>> previous = new java.util.concurrent.ConcurrentHashMap<>();
            // On a worker, so that this thread renews every host's lock meanwhile (a migration may take minutes).
            steps.run(
                    "migrate once via " + hosts.get(0).name(),
                    () -> await(
                            pool.submit(() -> {
                                migrate.run();
                                return null;
                            }),
                            locks,
                            List.of()));
            interruption.checkpoint();
            DeployResult first = null;
            List<List<Host>> batches = batches(hosts);
            for (List<Host> batch : batches) {
                console.info(
                        "rollout: switching " + batch.stream().map(Host::name).toList()
                                + (batch == batches.get(0) && hosts.size() > 1
                                        ? " (the barrier: the others wait for it)"
                                        : ""));
                Map<Host, Future<DeployResult>> running = new LinkedHashMap<>();
                for (Host h : batch) {
                    StepLog hostSteps = new StepLog(prefixed(h.name()), timing.clock());
                    running.put(h, pool.submit(() -> {
                        previous.put(h.name(), new DeployHistory(h.droplet(), r.envDir()).lastSuccess());
                        return deployers
                                .get(h.name())
                                .deployHolding(r, hostSteps, () -> {}, locks.get(h.name()), interruption);
                    }));
                }
                RuntimeException failure = null;
                for (Map.Entry<Host, Future<DeployResult>> e : running.entrySet()) {
                    try {
                        DeployResult result = await(e.getValue(), locks, batch);
                        switched.add(e.getKey());
                        outcomes.put(e.getKey().name(), new Outcome(e.getKey().name(), "switched", r.image()));
                        first = first == null ? result : first;
                    } catch (RuntimeException ex) {
                        outcomes.put(
                                e.getKey().name(),
                                new Outcome(e.getKey().name(), "FAILED: " + ex.getMessage(), "previous (put back)"));
                        failure = failure == null ? ex : failure;
                    }
                }
                if (failure != null) {
                    switchBack(switched, r, previous, deployers, locks, outcomes);
                    throw new GoldenException(
                            "the rollout of " + r.env() + " stopped at "
                                    + outcomes.values().stream()
                                            .filter(o -> o.result().startsWith("FAILED"))
                                            .map(Outcome::host)
                                            .toList()
                                    + ": " + failure.getMessage() + "\n" + DeploySummary.rollout(outcomes.values()),
                            "every host switched before it was switched back to the version it served before;"
                                    + " fix the cause and deploy again",
                            failure);
                }
            }
            String table = DeploySummary.rollout(outcomes.values());
            table.lines().forEach(console::info);
            return new Result(List.copyOf(outcomes.values()), first);
        } finally {
            pool.shutdownNow();
            List<String> order = new ArrayList<>(locks.keySet());
            java.util.Collections.reverse(order);
            order.forEach(h -> deployers.get(h).release(locks.get(h)));
            interruption.settle();
            hooks.remove(hook);
        }
    }

    /** The first host alone (the barrier), then the others {@link RolloutLimit} at a time. */
    List<List<Host>> batches(List<Host> hosts) {
        List<List<Host>> batches = new ArrayList<>();
        batches.add(List.of(hosts.get(0)));
        int size = limit.batch(hosts.size());
        for (int i = 1; i < hosts.size(); i += size) {
            batches.add(List.copyOf(hosts.subList(i, Math.min(hosts.size(), i + size))));
        }
        return batches;
    }

    /** Waits for one host's cutover (or the migration), renewing the locks of the hosts not in the batch (nobody else uses their connections). */
    private <T> T await(Future<T> f, Map<String, DeployLock> locks, List<Host> batch) {
        while (true) {
            try {
                return f.get(GuardedDroplet.HEARTBEAT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                locks.entrySet().stream()
                        .filter(l -> batch.stream().noneMatch(h -> h.name().equals(l.getKey())))
                        .forEach(l -> l.getValue().heartbeat());
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re
                        ? re
                        : new GoldenException(e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GoldenException("interrupted while waiting for a host's cutover");
            }
        }
    }

    /**
     * Puts every switched host back on what it served before: a rollback cutover to the kept
     * previous container, under the lock still held, with a fresh interruption (a Ctrl-C that
     * stopped the rollout must not stop the way back).
     */
    private void switchBack(
            List<Host> switched,
            DeployRequest r,
            Map<String, Optional<DeployHistory.Entry>> previous,
            Map<String, Deployer> deployers,
            Map<String, DeployLock> locks,
            Map<String, Outcome> outcomes) {
        for (Host h : switched) {
            Console hc = prefixed(h.name());
            Optional<DeployHistory.Entry> prev = previous.getOrDefault(h.name(), Optional.empty());
            if (prev.isEmpty() || prev.get().image() == null) {
                hc.error("has no previous version to switch back to (first deploy):" + " it keeps " + r.image());
                outcomes.put(h.name(), new Outcome(h.name(), "switched, NOT put back (no previous)", r.image()));
                continue;
            }
            DeployHistory.Entry p = prev.get();
            hc.warn("switching back to " + p.sha() + " (" + p.image() + ")");
            try {
                deployers
                        .get(h.name())
                        .deployHolding(
                                r.withImage(p.sha(), p.image(), p.digest()),
                                new StepLog(hc, timing.clock()),
                                () -> {},
                                locks.get(h.name()),
                                timing.interruption());
                outcomes.put(h.name(), new Outcome(h.name(), "switched, then switched back", p.image()));
            } catch (RuntimeException e) {
                hc.error("switching back failed: " + e.getMessage());
                outcomes.put(h.name(), new Outcome(h.name(), "switch back FAILED: " + e.getMessage(), "?"));
            }
        }
    }

    private Console prefixed(String host) {
        return console.prefixed("[" + host + "] "); // each host's lines read apart
    }

    /** The shutdown hook: asks every host's cutover to stop, then waits (bounded); never touches a droplet itself. */
    private void onInterrupt(Interruption interruption) {
        interruption.request();
        console.warn("golden:deploy interrupted: stopping the rollout and switching back the hosts already switched"
                + " (up to " + cutover.interruptGrace().toSeconds() + " s)");
        if (!interruption.awaitSettled(cutover.interruptGrace())) {
            console.error("the rollout did not settle within "
                    + cutover.interruptGrace().toSeconds()
                    + " s; each host's journal under " + DeployPlan.STATE_DIR
                    + " records its step: the next golden:deploy, rollback or status resolves it");
        }
    }
}
