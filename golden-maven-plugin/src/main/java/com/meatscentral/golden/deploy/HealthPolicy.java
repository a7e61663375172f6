package com.meatscentral.golden.deploy;

import java.time.Duration;

/**
 * How long and how often to poll a health URL. Defaults are the reference's "5 attempts,
 * 25 seconds", but polled: the first attempt runs at once and the waits between attempts
 * start short and double (0.5 s, 1 s, 2 s, 4 s, ...), so a service that is already up
 * passes in well under a second and a slow one still gets the whole window.
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
    }

    /** Each probe's own time limit (curl --max-time): an equal share of the window, at least 1 s. */
    public Duration perAttemptTimeout() {
        Duration share = window.dividedBy(attempts);
        return share.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : share;
    }

    /** The wait after failed attempt {@code n} (1-based). */
    public Duration backoffAfter(int n) {
        long millis = firstBackoff.toMillis() << Math.min(n - 1, 10);
        return Duration.ofMillis(Math.min(millis, perAttemptTimeout().toMillis()));
    }
}
