package com.meatscentral.golden.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One deploy at a time per environment, on the droplet itself (so two CI runners, or a
 * laptop and a runner, exclude each other): an atomic {@code mkdir /opt/pm/<env>/.deploy.lock}
 * with a {@code holder.json} inside saying who, which sha, since when, and the CI run URL.
 */
public final class DeployLock implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Holder(String who, String sha, String since, String runUrl) {
        @Override
        public String toString() {
            return who + " (sha " + sha + ", since " + since + (runUrl == null || runUrl.isBlank() ? "" : ", " + runUrl) + ")";
        }
    }

    private final Droplet droplet;
    private final String dir;
    private boolean held;

    private DeployLock(Droplet droplet, String dir) {
        this.droplet = droplet;
        this.dir = dir;
    }

    public static String lockDir(String envDir) {
        return envDir + "/.deploy.lock";
    }

    /** Takes the lock, polling up to {@code wait}; fails naming the holder. */
    public static DeployLock acquire(Droplet droplet, String envDir, Holder me, Duration wait,
                                     HealthChecker.Sleeper sleeper, HealthChecker.Clock clock, Console console) {
        droplet.mkdirs(envDir);
        String dir = lockDir(envDir);
        long deadline = clock.nanoTime() + wait.toNanos();
        Duration pause = Duration.ofMillis(250);
        boolean announced = false;
        while (true) {
            if (droplet.mkdirExclusive(dir)) {
                DeployLock lock = new DeployLock(droplet, dir);
                lock.held = true;
                droplet.writeFile(dir + "/holder.json", toJson(me), 0644);
                return lock;
            }
            Optional<Holder> holder = readHolder(droplet, envDir);
            long left = deadline - clock.nanoTime();
            if (left <= 0) {
                throw new GoldenException("the deploy lock " + dir + " on " + droplet.describe() + " is held by "
                        + holder.map(Holder::toString).orElse("an unknown holder") + "; waited " + wait.toSeconds() + " s",
                        "wait for that deploy to finish, raise -Dgolden.lock.waitSeconds, or, if it is stale (the holder"
                                + " died), release it with `mvn golden:unlock -Denv=...`");
            }
            if (!announced) {
                console.info("waiting for the deploy lock held by " + holder.map(Holder::toString).orElse("an unknown holder"));
                announced = true;
            }
            try {
                sleeper.sleep(Duration.ofNanos(Math.min(left, pause.toNanos())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GoldenException("interrupted while waiting for the deploy lock " + dir);
            }
            pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(2)) > 0 ? Duration.ofSeconds(2) : pause.multipliedBy(2);
        }
    }

    public static Optional<Holder> readHolder(Droplet droplet, String envDir) {
        Optional<String> text;
        try {
            text = droplet.readFile(lockDir(envDir) + "/holder.json");
        } catch (GoldenException e) {
            return Optional.empty();
        }
        return text.flatMap(t -> {
            try {
                return Optional.of(JSON.readValue(t, Holder.class));
            } catch (Exception e) {
                return Optional.empty();
            }
        });
    }

    /** golden:unlock: removes the lock whoever holds it; returns the holder it removed. */
    public static Optional<Holder> forceRelease(Droplet droplet, String envDir) {
        Optional<Holder> holder = readHolder(droplet, envDir);
        droplet.removeTree(lockDir(envDir));
        return holder;
    }

    static byte[] toJson(Holder h) {
        ObjectNode node = JSON.createObjectNode();
        node.put("who", h.who());
        node.put("sha", h.sha());
        node.put("since", h.since() == null ? Instant.now().toString() : h.since());
        if (h.runUrl() != null) {
            node.put("runUrl", h.runUrl());
        }
        return (node.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Called by the deploy's finally and, on Ctrl-C, by its shutdown hook: only the first call acts. */
    @Override
    public synchronized void close() {
        if (held) {
            held = false;
            droplet.removeTree(dir);
        }
    }
}
