package com.meatscentral.golden.deploy;

import com.meatscentral.golden.GoldenException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C / SIGTERM during a deploy, without two threads acting on the droplet: the JVM's
 * shutdown hook only {@link #request() asks} and then waits (bounded) for the deploy thread,
 * which notices at its next droplet call or sleep ({@link #checkpoint()}), undoes or finishes
 * its steps itself and {@link #settle() settles}. When the deploy thread is stuck in one long
 * droplet call past the grace period, the hook gives up without touching the droplet: the
 * journal there records the step, and the next golden:deploy, rollback or status resolves it.
 */
public final class Interruption implements HealthChecker.Sleeper {

    /** Thrown on the deploy thread at the first checkpoint after an interrupt. */
    public static final class Interrupted extends GoldenException {
        Interrupted() {
            super("golden:deploy was interrupted (Ctrl-C or SIGTERM)");
        }
    }

    private final Object monitor = new Object();
    private final CountDownLatch settled = new CountDownLatch(1);
    private final HealthChecker.Sleeper sleeper;
    private volatile boolean requested;

    /** @param sleeper how to wait (the real clock, or a fake one in tests); interrupted waits end early */
    public Interruption(HealthChecker.Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    /** The hook's side: ask the deploy thread to stop at its next checkpoint. */
    public void request() {
        synchronized (monitor) {
            requested = true;
            monitor.notifyAll();
        }
    }

    public boolean requested() {
        return requested;
    }

    /** The deploy thread's side: throws {@link Interrupted} once an interrupt was requested. */
    public void checkpoint() {
        if (requested) {
            throw new Interrupted();
        }
    }

    /** The deploy thread is done with the droplet (finished, undone, or given up). */
    public void settle() {
        settled.countDown();
    }

    /** The hook's side: waits for {@link #settle()}; false when the grace period ran out first. */
    public boolean awaitSettled(Duration grace) {
        try {
            return settled.await(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sleeps (health-check and drain polls), ending early on an interrupt. */
    @Override
    public void sleep(Duration d) throws InterruptedException {
        checkpoint();
        if (sleeper == HealthChecker.Sleeper.REAL) {
            long end = System.nanoTime() + d.toNanos();
            synchronized (monitor) {
                while (!requested) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                }
            }
        } else {
            sleeper.sleep(d);
        }
        checkpoint();
    }
}
