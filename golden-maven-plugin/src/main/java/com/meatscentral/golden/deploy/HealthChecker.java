package com.meatscentral.golden.deploy;

import com.meatscentral.golden.Console;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Polls a health URL under a {@link HealthPolicy}: stops at the first healthy answer. */
public record HealthChecker(HealthProbe probe, HealthPolicy policy, Timing timing, Console console) {

    /** Waiting is injected so tests need no real time. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(d.toMillis());
    }

    /** The clock the window is measured on (monotonic nanos). */
    @FunctionalInterface
    public interface Clock {
        long nanoTime();

        Clock REAL = System::nanoTime;
    }

    public record Outcome(boolean healthy, int attempts, List<HealthProbe.ProbeResult> results) {
        public HealthProbe.ProbeResult last() {
            return results.get(results.size() - 1);
        }
    }

    public Outcome check(String url) {
        long deadline = timing.clock().nanoTime() + policy.window().toNanos();
        List<HealthProbe.ProbeResult> results = new ArrayList<>();
        int answered = 0;
        int unanswered = 0;
        for (int attempt = 1; ; attempt++) {
            long remaining = deadline - timing.clock().nanoTime();
            Duration timeout = Duration.ofNanos(Math.max(
                    Math.min(remaining, policy.perAttemptTimeout().toNanos()),
                    Duration.ofSeconds(1).toNanos()));
            HealthProbe.ProbeResult result = probe.probe(url, timeout);
            results.add(result);
            if (result.status() != 0) {
                answered++;
            } else {
                unanswered++;
            }
            console.debug("health " + url + " probe " + attempt + " (" + answered + "/" + policy.attempts()
                    + " answered): " + result);
            if (result.healthy()) {
                return new Outcome(true, attempt, results);
            }
            // A service that answers with errors has had its attempts; one that does not answer
            // yet (still starting) is polled until the window closes.
            if (answered >= policy.attempts()) {
                break;
            }
            Duration wait = result.status() == 0 ? policy.pollWhileStarting(unanswered) : policy.backoffAfter(answered);
            long left = deadline - timing.clock().nanoTime();
            if (left <= 0) {
                break;
            }
            if (wait.toNanos() > left) {
                wait = Duration.ofNanos(left);
            }
            try {
                timing.sleeper().sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new Outcome(false, results.size(), results);
    }
}
