package com.meatscentral.golden.deploy;

import java.time.Duration;

/**
 * How long and how often to poll a health URL. Defaults are the reference's "5 attempts,
 * 25 seconds", but polled: the first attempt runs at once and the waits start short and
 * double (0.5 s, 1 s, 2 s, 4 s, then every 5 s; while nothing answers yet, 0.1 s, 0.2 s,
 * 0.4 s, ... up to 5 s). An attempt is a probe the service
 * answered: a service that answers with an error 5 times (at 0, 0.5, 1.5, 3.5 and 7.5 s)
 * is given up on then and rolled back, while one that is still booting (connection
 * refused, no answer) is polled until the window closes, so a slow but healthy service is
 * not rolled back and a broken one is not left serving errors for the whole window.
 */
public record HealthPolicy(int attempts, Duration window, Duration firstBackoff) {

    public static final HealthPolicy DEFAULT = new HealthPolicy(5, Duration.ofSeconds(25), Duration.ofMillis(500));

    public HealthPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("health attempts must be at least 1, was " + attempts);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("health window must be positive, was " + window);
        }
        if (firstBackoff.isNegative() || firstBackoff.isZero()) {
            throw new IllegalArgumentException("health backoff must be positive, was " + firstBackoff);
        }
    }

    /** Each probe's own time limit (curl --max-time): an equal share of the window, at least 1 s. */
    public Duration perAttemptTimeout() {
        Duration share = window.dividedBy(attempts);
        return share.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : share;
    }

    /** The wait after answer {@code n} (1-based): firstBackoff doubling, at most one probe's share of the window. */
    public Duration backoffAfter(int n) {
        long millis = firstBackoff.toMillis() << Math.min(n - 1, 20);
        return Duration.ofMillis(Math.min(millis, perAttemptTimeout().toMillis()));
    }

    /**
     * The wait after the {@code n}th probe nobody answered (1-based): a fifth of firstBackoff,
     * doubling, at most one probe's share of the window. A service still binding its port
     * costs no attempt, so it is looked at sooner: a gunicorn that listens 300 ms after
     * {@code docker run} is seen then, not at the first answered-error backoff.
     */
    public Duration pollWhileStarting(int n) {
        long millis = Math.max(1, firstBackoff.toMillis() / 5) << Math.min(n - 1, 20);
        return Duration.ofMillis(Math.min(millis, perAttemptTimeout().toMillis()));
    }
}
