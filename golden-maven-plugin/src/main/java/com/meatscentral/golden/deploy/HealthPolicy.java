package com.meatscentral.golden.deploy;

import java.time.Duration;

/**
 * How long and how often to poll a health URL. Defaults are the reference's "5 attempts,
 * 25 seconds", but polled: the first attempt runs at once, the first wait is short
 * ({@code firstBackoff}, 0.5 s) and the waits grow geometrically so that the attempts span
 * the whole window: a service that is already up passes at once, one that needs a second
 * passes at the second or third attempt, and one that needs 20 s to boot is still waited
 * for (with the defaults: attempts at 0, 0.5, 2.2, 8 and 25 s), where doubling waits
 * (0.5, 1, 2, 4) would give up after 7.5 s and roll back a healthy but slow service.
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

    /** The wait after failed attempt {@code n} (1-based): firstBackoff x ratio^(n-1). */
    public Duration backoffAfter(int n) {
        double millis = firstBackoff.toMillis() * Math.pow(ratio(), n - 1);
        return Duration.ofMillis(Math.round(Math.min(millis, window.toMillis())));
    }

    /**
     * The growth q of the waits such that the attempts - 1 waits add up to the window:
     * b (q^k - 1) / (q - 1) = W with k = attempts - 1. At least 1 (equal waits when
     * k x b already exceeds the window; the deadline then cuts the attempts short).
     */
    double ratio() {
        int k = attempts - 1;
        double b = firstBackoff.toMillis();
        double w = window.toMillis();
        if (k <= 1 || k * b >= w) {
            return 1.0;
        }
        double lo = 1.0;
        double hi = 2.0;
        while (sum(b, hi, k) < w) {
            hi *= 2;
        }
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (sum(b, mid, k) < w) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double sum(double b, double q, int k) {
        double total = 0;
        double term = b;
        for (int i = 0; i < k; i++) {
            total += term;
            term *= q;
        }
        return total;
    }
}
