package com.meatscentral.golden.deploy;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Deploys one service container on its droplet without ever leaving it unserved:
 * the running container is kept (renamed {@code <name>-previous} and stopped), the new one is
 * started and polled for health; healthy -> the previous is removed; unhealthy or failed ->
 * the new one's last log lines are printed, it is removed, the previous one is renamed back,
 * started and checked, and the deploy fails saying it rolled back.
 */
public final class Deployer {

    static final int LOG_TAIL = 50;

    private final Droplet droplet;
    private final Console console;
    private final HealthChecker.Sleeper sleeper;
    private final HealthChecker.Clock clock;
    private final ShutdownHooks hooks;

    /** Where the Ctrl-C cleanup is registered; tests run it by hand. */
    public interface ShutdownHooks {
        void add(Thread hook);

        void remove(Thread hook);

        ShutdownHooks RUNTIME = new ShutdownHooks() {
            @Override
            public void add(Thread hook) {
                Runtime.getRuntime().addShutdownHook(hook);
            }

            @Override
            public void remove(Thread hook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run
                }
            }
        };
    }

    /** What the Ctrl-C hook must undo: set while the old container is out of service. */
    private volatile boolean swapped;
    private volatile boolean settled;
    private volatile boolean interrupted;

    /** After the hook restored the previous container, this thread must not act on the droplet any more. */
    private void stopIfInterrupted() {
        if (interrupted) {
            throw new GoldenException("golden:deploy was interrupted; the previous container was put back");
        }
    }

    public Deployer(Droplet droplet, Console console, HealthChecker.Sleeper sleeper, HealthChecker.Clock clock) {
        this(droplet, console, sleeper, clock, ShutdownHooks.RUNTIME);
    }

    public Deployer(Droplet droplet, Console console, HealthChecker.Sleeper sleeper, HealthChecker.Clock clock,
                    ShutdownHooks hooks) {
        this.droplet = droplet;
        this.console = console;
        this.sleeper = sleeper;
        this.clock = clock;
        this.hooks = hooks;
    }

    public DeployResult deploy(DeployRequest r, StepLog steps) {
        return deploy(r, steps, () -> { });
    }

    /**
     * As {@link #deploy(DeployRequest, StepLog)}, running {@code underLock} (the backend's
     * migration) once the environment's lock is held and before anything on the droplet
     * changes: two deploys of one environment never migrate at the same time, and a failed
     * migration leaves the running container as it was.
     */
    public DeployResult deploy(DeployRequest r, StepLog steps, Runnable underLock) {
        DeployLock.Holder me = new DeployLock.Holder(r.who(), r.sha(), Instant.now().toString(), r.runUrl());
        DeployLock lock = steps.call("lock " + DeployLock.lockDir(r.envDir()),
                () -> DeployLock.acquire(droplet, r.envDir(), me, r.lockWait(), sleeper, clock, console));
        DeployHistory history = new DeployHistory(droplet, r.envDir());
        // Ctrl-C ends the JVM without unwinding this thread: a finally block would not run.
        // The hook puts the previous container back if it was taken out, and frees the lock.
        Thread hook = new Thread(() -> onInterrupt(r, lock), "golden-deploy-interrupted");
        hooks.add(hook);
        String digest = null;
        String dockerConfig = r.envDir() + "/.docker";
        String loggedIn = null;
        java.util.Optional<String> previousSite = java.util.Optional.empty();
        boolean siteInstalled = false;
        try {
            underLock.run();
            if (r.registryToken() != null) {
                loggedIn = dockerConfig;
                steps.run("docker login " + r.registry(),
                        () -> droplet.login(dockerConfig, r.registry(), r.registryToken(), r.registryToken()));
            }
            String config = loggedIn;
            steps.run("docker pull " + r.image(), () -> droplet.pull(config, r.image()));
            digest = steps.call("verify digest", () -> verifyDigest(r));
            if (r.nginxSite() != null) {
                // Before any container is touched: a site nginx rejects aborts with nothing changed.
                previousSite = droplet.readFile(r.nginxSitePath());
                steps.run("nginx site " + r.nginxSitePath(), () -> droplet.installNginxSite(r.nginxSitePath(), r.nginxSite()));
                siteInstalled = true;
            }
            int attempts = swapAndCheck(r, steps);
            appendHistory(history, r, digest, DeployHistory.SUCCESS);
            return new DeployResult(r.env(), r.sha(), r.image(), digest, attempts, steps.steps());
        } catch (RolledBack e) {
            restoreSite(r, siteInstalled, previousSite);
            appendHistory(history, r, digest, DeployHistory.ROLLED_BACK);
            throw e;
        } catch (RuntimeException e) {
            restoreSite(r, siteInstalled, previousSite);
            appendHistory(history, r, digest, DeployHistory.FAILED);
            throw e;
        } finally {
            settled = true;
            hooks.remove(hook);
            if (loggedIn != null) {
                try {
                    droplet.removeTree(loggedIn);
                } catch (RuntimeException e) {
                    console.warn("could not remove the registry credential " + loggedIn + " on " + droplet.describe()
                            + ": " + e.getMessage());
                }
            }
            try {
                lock.close();
            } catch (RuntimeException e) {
                console.warn("could not release the deploy lock " + DeployLock.lockDir(r.envDir()) + ": " + e.getMessage()
                        + " (release it with golden:unlock)");
            }
        }
    }

    /** A failed deploy puts the host nginx site back as it was, with the previous container. */
    private void restoreSite(DeployRequest r, boolean installed, java.util.Optional<String> previous) {
        if (!installed || previous.isEmpty() || previous.get().equals(r.nginxSite())) {
            return;
        }
        try {
            droplet.installNginxSite(r.nginxSitePath(), previous.get());
            console.info("restored the previous nginx site " + r.nginxSitePath());
        } catch (RuntimeException e) {
            console.warn("could not restore the previous nginx site " + r.nginxSitePath() + ": " + e.getMessage());
        }
    }

    /** The new container failed and the previous one serves again. */
    public static final class RolledBack extends GoldenException {
        RolledBack(String message, String hint) {
            super(message, hint);
        }
    }

    private String verifyDigest(DeployRequest r) {
        List<String> digests = droplet.repoDigests(r.image());
        String repo = r.image().substring(0, r.image().lastIndexOf(':') > r.image().lastIndexOf('/')
                ? r.image().lastIndexOf(':') : r.image().length());
        Optional<String> pulled = digests.stream().filter(d -> d.startsWith(repo + "@"))
                .map(d -> d.substring(d.indexOf('@') + 1)).findFirst();
        if (r.expectedDigest() != null && !r.expectedDigest().isBlank()) {
            boolean match = digests.stream().anyMatch(d -> d.endsWith("@" + r.expectedDigest()));
            if (!match) {
                throw new GoldenException("the image pulled for " + r.image() + " has digest "
                        + pulled.orElse(String.join(", ", digests)) + ", but golden:push recorded " + r.expectedDigest(),
                        "the tag was overwritten after the push; rebuild and push, or deploy the recorded digest's sha");
            }
            return r.expectedDigest();
        }
        return pulled.orElse(null);
    }

    private int swapAndCheck(DeployRequest r, StepLog steps) {
        String name = r.container().name();
        String previousName = name + "-previous";
        boolean hasCurrent = droplet.container(name).isPresent();
        boolean hasPrevious = droplet.container(previousName).isPresent();
        if (hasCurrent && hasPrevious) {
            // Left over by an interrupted deploy; the current one is what serves.
            steps.run("remove stale " + previousName, () -> droplet.remove(previousName));
        }
        // No current but a previous: an earlier deploy died between rename and run; that one is the previous.
        boolean keepsPrevious = hasCurrent || hasPrevious;
        boolean configSaved = false;
        if (r.envConfigJs() != null) {
            configSaved = steps.call("write " + r.envConfigPath(), () -> writeEnvConfig(r));
        }
        if (hasCurrent) {
            steps.run("keep " + name + " as " + previousName, () -> {
                swapped = true;
                droplet.rename(name, previousName);
                droplet.stop(previousName);
            });
        }
        try {
            steps.run("docker run " + name, () -> droplet.run(r.container(), runtimeFile(r), r.envDir() + "/runtime.env"));
        } catch (RuntimeException e) {
            removeQuietly(name);
            restorePrevious(r, keepsPrevious, configSaved, steps);
            swapped = false;
            throw e;
        }
        HealthChecker checker = new HealthChecker(droplet::probe, r.health(), sleeper, clock, console);
        HealthChecker.Outcome outcome = steps.call("health " + r.kind().healthUrl(), () -> checker.check(r.kind().healthUrl()));
        stopIfInterrupted();
        if (outcome.healthy()) {
            swapped = false;
            if (keepsPrevious) {
                steps.run("remove " + previousName, () -> removeQuietly(previousName));
            }
            if (configSaved) {
                removeFileQuietly(r.envConfigPath() + ".golden-previous");
            }
            if (r.kind().proxyUrl() != null) {
                HealthProbe.ProbeResult proxy = droplet.probe(r.kind().proxyUrl(), r.health().perAttemptTimeout());
                if (!proxy.healthy()) {
                    console.warn("the host nginx at " + r.kind().proxyUrl() + " answered " + proxy
                            + " (informational: the container itself is healthy)");
                }
            }
            return outcome.attempts();
        }
        console.error(name + " is not healthy after " + outcome.attempts() + " attempts (last: " + outcome.last()
                + "); its last " + LOG_TAIL + " log lines:");
        try {
            droplet.logs(name, LOG_TAIL).forEach(l -> console.error("  | " + l));
        } catch (RuntimeException e) {
            console.warn("could not read the logs of " + name + ": " + e.getMessage());
        }
        steps.run("remove unhealthy " + name, () -> removeQuietly(name));
        if (!keepsPrevious) {
            throw new GoldenException(name + " (" + r.image() + ") is not healthy at " + r.kind().healthUrl()
                    + " and there was no previous container to roll back to",
                    "read the log lines above; the service is not running on " + droplet.describe());
        }
        restorePrevious(r, true, configSaved, steps);
        swapped = false;
        HealthChecker.Outcome again = steps.call("health of the previous " + name, () -> checker.check(r.kind().healthUrl()));
        String state = again.healthy() ? "the previous container is serving and healthy"
                : "the previous container was restarted but is NOT healthy either (" + again.last() + ")";
        throw new RolledBack(name + " (" + r.image() + ") was not healthy at " + r.kind().healthUrl() + " after "
                + outcome.attempts() + " attempts (last: " + outcome.last() + "); rolled back: " + state,
                "read the " + LOG_TAIL + " log lines above; fix the service or raise -Dgolden.health.attempts / "
                        + "-Dgolden.health.timeoutSeconds if it only starts slowly");
    }

    /** The shutdown hook: the deploy was interrupted (Ctrl-C, SIGTERM of the CI runner). */
    private void onInterrupt(DeployRequest r, DeployLock lock) {
        if (settled) {
            return;
        }
        interrupted = true;
        console.warn("golden:deploy interrupted; putting " + r.container().name() + " back as it was");
        try {
            if (swapped) {
                removeQuietly(r.container().name());
                droplet.rename(r.container().name() + "-previous", r.container().name());
                droplet.start(r.container().name());
            }
        } catch (RuntimeException e) {
            console.error("could not restore " + r.container().name() + ": " + e.getMessage()
                    + "; check it with golden:status");
        } finally {
            try {
                lock.close();
            } catch (RuntimeException e) {
                console.error("could not release the deploy lock: " + e.getMessage() + "; use golden:unlock");
            }
        }
    }

    private RuntimeEnvFile runtimeFile(DeployRequest r) {
        return r.runtimeEnv().isEmpty() ? null : new RuntimeEnvFile(r.runtimeEnv());
    }

    /** Saves the current env-config.js next to it; returns whether there was one. */
    private boolean writeEnvConfig(DeployRequest r) {
        droplet.mkdirs(r.envConfigPath().substring(0, r.envConfigPath().lastIndexOf('/')));
        Optional<String> current = droplet.readFile(r.envConfigPath());
        current.ifPresent(c -> droplet.writeFile(r.envConfigPath() + ".golden-previous", c.getBytes(StandardCharsets.UTF_8), 0644));
        droplet.writeFile(r.envConfigPath(), r.envConfigJs().getBytes(StandardCharsets.UTF_8), 0644);
        return current.isPresent();
    }

    private void restorePrevious(DeployRequest r, boolean keepsPrevious, boolean configSaved, StepLog steps) {
        String name = r.container().name();
        String previousName = name + "-previous";
        if (configSaved) {
            Optional<String> saved = droplet.readFile(r.envConfigPath() + ".golden-previous");
            saved.ifPresent(c -> droplet.writeFile(r.envConfigPath(), c.getBytes(StandardCharsets.UTF_8), 0644));
        }
        if (!keepsPrevious) {
            return;
        }
        steps.run("restore " + previousName + " as " + name, () -> {
            droplet.rename(previousName, name);
            droplet.start(name);
        });
    }

    private void removeQuietly(String name) {
        try {
            if (droplet.container(name).isPresent()) {
                droplet.remove(name);
            }
        } catch (RuntimeException e) {
            console.warn("could not remove " + name + ": " + e.getMessage());
        }
    }

    private void removeFileQuietly(String path) {
        try {
            droplet.removeFile(path);
        } catch (RuntimeException e) {
            console.debug("could not remove " + path + ": " + e.getMessage());
        }
    }

    private void appendHistory(DeployHistory history, DeployRequest r, String digest, String result) {
        try {
            history.append(new DeployHistory.Entry(r.sha(), r.image(), digest, Instant.now().toString(), result, r.who(),
                    r.kind().lower()));
        } catch (RuntimeException e) {
            console.warn("could not append to " + history.path() + ": " + e.getMessage());
        }
    }
}
