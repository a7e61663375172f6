package com.meatscentral.golden.deploy;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The steps of one deploy, in order, each with its undo:
 * <pre>
 *   docker login       undo: remove the credential        (private config dir, 0600 file)
 *   docker pull        -
 *   verify digest      -
 *   proxy image        -                                   (only when the proxy does not run it yet)
 *   env-config.js      -                                   (frontend: the new slot's own file)
 *   nginx site         undo: put the previous site back    (frontend, only when it changes)
 *   docker run         undo: remove the new container      (in the free slot, loopback port)
 *   health             -                                   (the new container, directly)
 *   cutover            undo: switch back                   (proxy reload, or a new proxy image; the commit point)
 *   drain              -                                   (old nginx workers finish in-flight requests)
 *   stop previous      -                                   (in the background; kept: rollback starts it again)
 *   history            -
 *   clean up           -                                   (credential, site backup; runs on every path)
 * </pre>
 * Built from the plan alone when a later run resolves a journal: then only undo and the steps
 * that finish after an interrupt run, and neither needs the original run's secrets.
 */
final class DeploySteps {

    static final int LOG_TAIL = 50;

    private record Step(
            String name,
            BiConsumer<Droplet, DeployJournal> body,
            Consumer<Droplet> undoBody,
            boolean commits,
            boolean finishesAfterInterrupt)
            implements DeployStep {
        @Override
        public void run(Droplet droplet, DeployJournal journal) {
            body.accept(droplet, journal);
        }

        @Override
        public void undo(Droplet droplet) {
            undoBody.accept(droplet);
        }
    }

    /** A new version that failed its own health check: nothing was switched. */
    static final class NotHealthy extends GoldenException {
        NotHealthy(String message, String hint) {
            super(message, hint);
        }
    }

    private final DeployPlan p;
    private final DeployRequest r;
    private final Console console;
    private final Timing timing;
    private final ProxyCutover proxy;
    private final List<Step> steps = new ArrayList<>();

    private DeploySteps(DeployPlan plan, DeployRequest request, Console console, Timing timing) {
        this.p = plan;
        this.r = request;
        this.console = console;
        this.timing = timing;
        this.proxy = new ProxyCutover(plan, console, timing);
    }

    /** @param request null when resolving a journal (nothing is run that needs it) */
    static List<DeployStep> of(DeployPlan plan, DeployRequest request, Console console, Timing timing) {
        return new DeploySteps(plan, request, console, timing).build();
    }

    private void add(String name, BiConsumer<Droplet, DeployJournal> body, Consumer<Droplet> undo) {
        steps.add(new Step(name, body, undo, false, false));
    }

    private List<DeployStep> build() {
        if (p.credentialDir() != null) {
            add(
                    "registry login",
                    (d, j) -> d.login(
                            p.credentialDir(),
                            r.registry(),
                            r.registryLogin().user(),
                            r.registryLogin().password()),
                    d -> d.removeTree(p.credentialDir()));
        }
        if (!p.reuse()) {
            add("docker pull " + p.image(), (d, j) -> d.pull(p.credentialDir(), p.image()), d -> {});
        }
        add("verify digest", (d, j) -> j.digest(verifyDigest(d)), d -> {});
        if (!p.proxyCurrent()) {
            // No proxy yet, or one of another image (a changed golden.proxy.image replaces it at the
            // cutover): its image is made ready now, so that the cutover does not wait for a pull.
            add(
                    "proxy image " + p.proxyImage(),
                    (d, j) -> {
                        if (!d.hasImage(p.proxyImage())) {
                            d.pull(p.credentialDir(), p.proxyImage());
                        }
                    },
                    d -> {});
        }
        if (p.envConfigPath() != null) {
            add(
                    "write " + p.envConfigPath(),
                    (d, j) -> {
                        d.mkdirs(
                                p.envConfigPath().substring(0, p.envConfigPath().lastIndexOf('/')));
                        d.writeFile(p.envConfigPath(), r.envConfigJs().getBytes(StandardCharsets.UTF_8), 0644);
                    },
                    d -> {});
        }
        if (p.sitePath() != null) {
            add(
                    "nginx site " + p.sitePath(),
                    (d, j) -> {
                        d.readFile(p.sitePath())
                                .ifPresent(c -> d.writeFile(p.siteBackup(), c.getBytes(StandardCharsets.UTF_8), 0644));
                        d.installNginxSite(p.sitePath(), r.nginxSite());
                    },
                    d -> d.readFile(p.siteBackup()).ifPresent(previous -> {
                        d.installNginxSite(p.sitePath(), previous);
                        d.removeFile(p.siteBackup());
                    }));
        }
        add((p.reuse() ? "docker start " : "docker run ") + p.newContainer(), this::runNew, this::removeNew);
        add("health " + p.kind().slotHealthUrl(p.newSlot()), this::health, d -> {});
        steps.add(new Step(
                "cutover to " + p.newContainer(),
                (d, j) -> proxy.cutover(d, r.health().perAttemptTimeout()),
                proxy::switchBack,
                true,
                false));
        if (p.oldSlot() != 0) {
            add("drain " + p.oldContainer(), (d, j) -> proxy.drain(d), d -> {});
            // Drained: it gets no request any more. Its stop (gunicorn's graceful exit, 0.3-0.7 s) is not
            // waited for, as a Kubernetes rollout does not wait for terminating pods; a rollback that starts
            // it again waits for that stop first (runNew).
            add(
                    "stop " + p.oldContainer() + " (kept for rollback)",
                    (d, j) -> d.stopInBackground(p.oldContainer(), p.stopLogPath()),
                    d -> {});
        }
        steps.add(new Step("history", this::history, d -> {}, false, true));
        steps.add(new Step("clean up", (d, j) -> cleanUp(d), d -> {}, false, true));
        return List.copyOf(steps);
    }

    private String verifyDigest(Droplet d) {
        List<String> digests = d.repoDigests(p.image());
        int colon = p.image().lastIndexOf(':');
        String repo = colon > p.image().lastIndexOf('/') ? p.image().substring(0, colon) : p.image();
        Optional<String> pulled = digests.stream()
                .filter(x -> x.startsWith(repo + "@"))
                .map(x -> x.substring(x.indexOf('@') + 1))
                .findFirst();
        String expected = r.expectedDigest();
        if (expected != null && !expected.isBlank()) {
            if (digests.stream().noneMatch(x -> x.endsWith("@" + expected))) {
                throw new GoldenException(
                        "the image " + p.image() + " on " + d.describe() + " has digest "
                                + pulled.orElse(String.join(", ", digests)) + ", but "
                                + (r.rollback() ? "the deploy history recorded " : "golden:push recorded ") + expected,
                        "the tag was overwritten after the push; rebuild and push, or deploy the recorded digest's sha");
            }
            return expected;
        }
        return pulled.orElse(null);
    }

    private void runNew(Droplet d, DeployJournal j) {
        if (p.reuse()) {
            d.stop(p.newContainer()); // waits for a stop the deploy before started in the background
            d.start(p.newContainer());
            return;
        }
        d.remove(p.newContainer()); // an older version kept in the free slot, if any: replaced now
        RuntimeEnvFile env = r.runtimeEnv().isEmpty() ? null : new RuntimeEnvFile(r.runtimeEnv());
        d.run(r.slotSpec(p.newSlot()), env, p.runtimeEnvPath());
    }

    private void removeNew(Droplet d) {
        if (p.runtimeEnvPath() != null) {
            d.removeFile(p.runtimeEnvPath());
        }
        if (p.reuse()) {
            d.stop(p.newContainer()); // kept, as it was before the rollback started it (stop is idempotent)
        } else {
            d.remove(p.newContainer()); // idempotent: nothing to do when the run never created it
        }
    }

    private void health(Droplet d, DeployJournal j) {
        String url = p.kind().slotHealthUrl(p.newSlot());
        HealthChecker.Outcome outcome = new HealthChecker(d::probe, r.health(), timing, console).check(url);
        j.healthAttempts(outcome.attempts());
        if (outcome.healthy()) {
            return;
        }
        console.error(p.newContainer() + " is not healthy after " + outcome.attempts() + " attempts (last: "
                + outcome.last() + "); its last " + LOG_TAIL + " log lines:");
        d.logs(p.newContainer(), LOG_TAIL).forEach(l -> console.error("  | " + l));
        throw new NotHealthy(
                p.newContainer() + " (" + p.image() + ") was not healthy at " + url + " after " + outcome.attempts()
                        + " attempts (last: " + outcome.last() + ")",
                "read the " + LOG_TAIL + " log lines above; fix the service or raise -Dgolden.health.attempts / "
                        + "-Dgolden.health.timeoutSeconds if it only starts slowly");
    }

    private void history(Droplet d, DeployJournal j) {
        new DeployHistory(d, DeployRequest.envDir(p.env()))
                .append(new DeployHistory.Entry(
                        p.sha(),
                        p.image(),
                        j.state().digest(),
                        Instant.now().toString(),
                        DeployHistory.SUCCESS,
                        p.who(),
                        p.kind().lower()));
    }

    private void cleanUp(Droplet d) {
        if (p.credentialDir() != null) {
            d.removeTree(p.credentialDir());
        }
        if (p.siteBackup() != null) {
            d.removeFile(p.siteBackup());
        }
        if (p.runtimeEnvPath() != null) {
            d.removeFile(p.runtimeEnvPath());
        }
    }
}
