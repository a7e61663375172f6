package com.meatscentral.golden.deploy;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The cutover steps of a deploy, all on the droplet's proxy: write its configuration for a slot,
 * reload it (or start it, or replace one of another image), confirm through the slot header that
 * it answers from the new slot, switch back as the cutover's undo, and let the old slot's
 * requests drain. Works from the plan alone, so a later run resolving a journal can switch back.
 */
record ProxyCutover(DeployPlan p, Console console, Timing timing) {

    static final Duration SWITCH_DEADLINE = Duration.ofSeconds(10);
    static final Duration ASK_NGINX_AFTER = Duration.ofSeconds(1);

    /** Switches the proxy to the new slot (a reload, or a proxy started or replaced) and waits until it answers from it. */
    void cutover(Droplet d, Duration probeTimeout) {
        writeProxyConfig(d, p.newSlot());
        boolean reloaded = p.proxyCurrent() && reloadedAsPlanned(d) || startOrReload(d);
        awaitSlot(d, p.newSlot(), reloaded);
        if (p.kind().proxyUrl() != null) {
            HealthProbe.ProbeResult front = d.probe(p.kind().proxyUrl(), probeTimeout);
            if (!front.healthy()) {
                console.warn("the host nginx at " + p.kind().proxyUrl() + " answered " + front
                        + " (informational: the container itself is healthy)");
            }
        }
    }

    /**
     * The plan saw the proxy running the configured image: a reload, without asking the engine again
     * (a container inspect, ~0.1 s). False when the proxy no longer takes it (stopped since the plan):
     * then {@link #startOrReload} looks at it.
     */
    private boolean reloadedAsPlanned(Droplet d) {
        try {
            d.reloadProxy(p.kind().proxyContainer());
            return true;
        } catch (Interruption.Interrupted e) {
            throw e;
        } catch (GoldenException e) {
            console.debug(
                    "the proxy did not take the reload the plan expected (" + e.getMessage() + "); looking at it");
            return false;
        }
    }

    /** Reloads a proxy of the configured image, or starts (replaces) the proxy; true when it was a reload. */
    private boolean startOrReload(Droplet d) {
        String proxy = p.kind().proxyContainer();
        Optional<ContainerInfo> running = d.container(proxy);
        boolean proxyRunning = running.map(ContainerInfo::running).orElse(false);
        boolean upToDate = running.map(c -> c.runs(p.proxyImage())).orElse(false);
        if (upToDate) {
            d.reloadProxy(proxy);
        } else {
            // First cutover on this droplet (or the proxy was removed): the proxy takes the public port over.
            // A proxy of another image (golden.proxy.image changed) is replaced: stopped gracefully (nginx
            // finishes its in-flight requests), then the new one starts; the public port is closed in between.
            if (proxyRunning) {
                d.stop(proxy);
            }
            running.ifPresent(c -> d.remove(proxy));
            if (p.legacy()
                    && d.container(p.kind().container())
                            .map(ContainerInfo::running)
                            .orElse(false)) {
                d.stop(p.kind().container());
            }
            d.runProxy(proxy, p.proxyImage(), p.kind().proxyDir());
        }
        return upToDate;
    }

    /** Undo of the cutover: traffic back to the old slot (or the reference-style container). */
    void switchBack(Droplet d) {
        String proxy = p.kind().proxyContainer();
        boolean proxyRunning = d.container(proxy).map(ContainerInfo::running).orElse(false);
        if (p.oldSlot() != 0) {
            writeProxyConfig(d, p.oldSlot());
            if (proxyRunning) {
                d.reloadProxy(proxy);
                // No nginx -t ran before the reload: a configuration nginx rejects would keep serving from memory
                // and fail at the proxy's next start (a reboot), so the undo checks the files it leaves.
                d.proxyConfigProblem(proxy).ifPresent(problem -> {
                    throw new GoldenException(
                            "the proxy " + proxy + " on " + d.describe() + " rejects its configuration under "
                                    + p.kind().proxyDir() + " (it still serves slot " + p.oldSlot()
                                    + " from memory, but will not start again): " + problem,
                            "fix or remove the files under " + p.kind().proxyDir()
                                    + " on the droplet, then run golden:deploy again");
                });
            } else {
                d.remove(proxy); // idempotent: a stopped one is replaced
                d.runProxy(proxy, p.proxyImage(), p.kind().proxyDir());
            }
            return;
        }
        d.remove(proxy);
        if (p.legacy()
                && d.container(p.kind().container()).map(c -> !c.running()).orElse(false)) {
            d.start(p.kind().container());
        }
    }

    private void writeProxyConfig(Droplet d, int slot) {
        String conf = ProxyConfig.nginxConf(p.kind(), Duration.ofSeconds(p.drainSeconds()));
        if (!d.readFile(p.nginxConfPath()).map(conf::equals).orElse(false)) {
            d.mkdirs(p.kind().proxyDir()); // an unchanged nginx.conf is there, and so is its folder
            d.writeFile(p.nginxConfPath(), conf.getBytes(StandardCharsets.UTF_8), 0644);
        }
        d.writeFile(p.liveConfPath(), ProxyConfig.liveConf(p.kind(), slot).getBytes(StandardCharsets.UTF_8), 0644);
    }

    /**
     * Polls the public port until the proxy answers from {@code slot}: the switch is live. When it
     * does not show within {@link #ASK_NGINX_AFTER}, {@code nginx -t} says whether the proxy
     * rejected the configuration (it then keeps the previous one): that fails at once, with nginx's
     * own words, instead of at the deadline.
     */
    private void awaitSlot(Droplet d, int slot, boolean reloaded) {
        long start = timing.clock().nanoTime();
        long deadline = start + SWITCH_DEADLINE.toNanos();
        boolean asked = false;
        int seen = 0;
        while (true) {
            seen = d.servedSlot(p.kind().healthUrl(), Duration.ofSeconds(2));
            if (seen == slot || timing.clock().nanoTime() >= deadline) {
                break;
            }
            if (!asked && timing.clock().nanoTime() - start >= ASK_NGINX_AFTER.toNanos()) {
                asked = true;
                Optional<String> problem = d.proxyConfigProblem(p.kind().proxyContainer());
                if (problem.isPresent()) {
                    throw new GoldenException(
                            reloaded
                                    ? "the proxy " + p.kind().proxyContainer() + " on " + d.describe()
                                            + " rejected the configuration for " + p.newContainer()
                                            + " and keeps the previous one: " + problem.get()
                                    : "the proxy " + p.kind().proxyContainer() + " on " + d.describe()
                                            + " did not start with the configuration for " + p.newContainer() + ": "
                                            + problem.get(),
                            "see the files under " + p.kind().proxyDir() + " on the droplet (golden writes them;"
                                    + " -Dgolden.proxy.image names the nginx that reads them) and `docker logs "
                                    + p.kind().proxyContainer() + "`");
                }
            }
            pause(Duration.ofMillis(100));
        }
        if (seen != slot) {
            throw new GoldenException(
                    "the proxy " + p.kind().proxyContainer() + " on " + d.describe() + " still answers from "
                            + (seen == 0 ? "no slot" : "slot " + seen) + " " + SWITCH_DEADLINE.toSeconds()
                            + " s after the switch to "
                            + p.newContainer(),
                    "see `docker logs " + p.kind().proxyContainer() + "` on the droplet");
        }
    }

    /** Waits (up to the plan's drain) until no proxy worker has requests for the old slot left. */
    void drain(Droplet d) {
        long deadline =
                timing.clock().nanoTime() + Duration.ofSeconds(p.drainSeconds()).toNanos();
        int draining;
        while ((draining = d.drainingWorkers(p.kind().proxyContainer())) > 0
                && timing.clock().nanoTime() < deadline) {
            pause(Duration.ofMillis(200));
        }
        if (draining > 0) {
            console.warn(draining + " proxy worker(s) still had requests for " + p.oldContainer() + " after "
                    + p.drainSeconds() + " s (-Dgolden.deploy.drainSeconds); stopping it now");
        }
    }

    private void pause(Duration d) {
        try {
            timing.sleeper().sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interruption.Interrupted();
        }
    }
}
