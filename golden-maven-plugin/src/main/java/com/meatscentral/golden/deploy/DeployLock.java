package com.meatscentral.golden.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One deploy at a time per droplet (containers, ports, the proxy and the host nginx site are
 * the droplet's, whichever environment deploys): an atomic {@code mkdir /opt/pm/.golden/deploy.lock}
 * with a {@code holder.json} naming who holds it (CI run URL, host, pid, since) and a heartbeat
 * the deploy renews every {@link GuardedDroplet#HEARTBEAT_EVERY}. A lock whose heartbeat is older
 * than the stale limit is reported as stale with how to take it over; one held by a process of
 * this machine that no longer exists is taken over at once (its holder is provably gone).
 */
public final class DeployLock implements AutoCloseable {

    public static final String DIR = DeployPlan.STATE_DIR + "/deploy.lock";
    private static final ObjectMapper JSON = new ObjectMapper();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Holder(
            String who, String sha, String env, String since, String runUrl, String host, Long pid, String heartbeat) {
        @Override
        public String toString() {
            return who + " (" + (env == null ? "" : env + " ") + "sha " + sha + ", since " + since
                    + (host == null ? "" : ", on " + host + (pid == null ? "" : " pid " + pid))
                    + (heartbeat == null ? "" : ", heartbeat " + heartbeat)
                    + (runUrl == null || runUrl.isBlank() ? "" : ", " + runUrl) + ")";
        }

        Holder beat(Instant now) {
            return new Holder(who, sha, env, since, runUrl, host, pid, now.toString());
        }

        /** Seconds since the last sign of life (heartbeat, else since); -1 when unknown. */
        long silentSeconds(Instant now) {
            String last = heartbeat != null ? heartbeat : since;
            try {
                return Duration.between(Instant.parse(last), now).toSeconds();
            } catch (RuntimeException e) {
                return -1;
            }
        }

        /** Held by a process of this machine that is gone. */
        boolean deadHere() {
            return host != null
                    && pid != null
                    && host.equals(thisHost())
                    && pid != ProcessHandle.current().pid()
                    && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        }
    }

    /** How to take the lock: wait, when a holder counts as stale, whether to take over a stale one. */
    public record Policy(Duration waitFor, Duration staleAfter, boolean takeOver) {
        public static final Duration DEFAULT_STALE = Duration.ofSeconds(60);
    }

    private final Droplet droplet;
    private final Supplier<Instant> wallClock;
    private Holder holder;
    private boolean held;

    private DeployLock(Droplet droplet, Holder holder, Supplier<Instant> wallClock) {
        this.droplet = droplet;
        this.holder = holder;
        this.wallClock = wallClock;
    }

    public static String thisHost() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
    }

    /** Takes the lock, polling up to the policy's wait; fails naming the holder (and how to take over a stale one). */
    public static DeployLock acquire(
            Droplet droplet,
            Holder me,
            Policy policy,
            HealthChecker.Sleeper sleeper,
            HealthChecker.Clock clock,
            Supplier<Instant> wallClock,
            Console console) {
        droplet.mkdirs(DeployPlan.STATE_DIR);
        long deadline = clock.nanoTime() + policy.waitFor().toNanos();
        Duration pause = Duration.ofMillis(250);
        boolean announced = false;
        while (true) {
            if (droplet.mkdirExclusive(DIR)) {
                DeployLock lock = new DeployLock(droplet, me.beat(wallClock.get()), wallClock);
                try {
                    droplet.writeFile(DIR + "/holder.json", toJson(lock.holder), 0644);
                } catch (RuntimeException e) {
                    try {
                        droplet.removeTree(DIR); // a lock nobody can name must not stay behind
                    } catch (RuntimeException ignored) {
                        e.addSuppressed(ignored);
                    }
                    throw e;
                }
                lock.held = true;
                return lock;
            }
            Optional<Holder> holder = readHolder(droplet);
            String who = holder.map(Holder::toString).orElse("an unknown holder");
            long silent = holder.map(h -> h.silentSeconds(wallClock.get())).orElse(-1L);
            boolean stale = silent > policy.staleAfter().toSeconds();
            if (holder.map(Holder::deadHere).orElse(false) || stale && policy.takeOver()) {
                console.warn("taking over the deploy lock " + DIR + " on " + droplet.describe() + " held by " + who
                        + (stale ? " (no heartbeat for " + silent + " s)" : " (that process is gone)"));
                droplet.removeTree(DIR);
                continue;
            }
            if (stale) {
                throw new GoldenException(
                        "the deploy lock " + DIR + " on " + droplet.describe() + " is held by " + who
                                + " and is stale: no heartbeat for " + silent + " s (a deploy renews it every "
                                + GuardedDroplet.HEARTBEAT_EVERY.toSeconds() + " s)",
                        "if that deploy is dead (CI run cancelled, runner gone), take the lock over: run again with "
                                + "-Dgolden.lock.takeOver=true (or `mvn golden:unlock -Denv=...`); this deploy then"
                                + " finishes or undoes what the dead one left");
            }
            long left = deadline - clock.nanoTime();
            if (left <= 0) {
                throw new GoldenException(
                        "the deploy lock " + DIR + " on " + droplet.describe() + " is held by " + who + "; waited "
                                + policy.waitFor().toSeconds() + " s",
                        "wait for that deploy to finish or raise -Dgolden.lock.waitSeconds; a holder whose heartbeat"
                                + " stops for " + policy.staleAfter().toSeconds() + " s is reported as stale");
            }
            if (!announced) {
                console.info("waiting for the deploy lock held by " + who);
                announced = true;
            }
            try {
                sleeper.sleep(Duration.ofNanos(Math.min(left, pause.toNanos())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GoldenException("interrupted while waiting for the deploy lock " + DIR);
            }
            pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(2)) > 0
                    ? Duration.ofSeconds(2)
                    : pause.multipliedBy(2);
        }
    }

    public static Optional<Holder> readHolder(Droplet droplet) {
        Optional<String> text;
        try {
            text = droplet.readFile(DIR + "/holder.json");
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
    public static Optional<Holder> forceRelease(Droplet droplet) {
        Optional<Holder> holder = readHolder(droplet);
        droplet.removeTree(DIR);
        return holder;
    }

    /** Renews the heartbeat (the deploy thread calls it between droplet calls). */
    synchronized void heartbeat() {
        if (held) {
            holder = holder.beat(wallClock.get());
            droplet.writeFile(DIR + "/holder.json", toJson(holder), 0644);
        }
    }

    static byte[] toJson(Holder h) {
        try {
            return (JSON.writeValueAsString(h) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Only the first call acts. */
    @Override
    public synchronized void close() {
        if (held) {
            held = false;
            droplet.removeTree(DIR);
        }
    }
}
