package com.meatscentral.golden.deploy;

/**
 * How a deploy waits and reads time: the sleeper (health backoff, lock polls, drain) and the
 * monotonic clock its deadlines are measured on. They always travel together, and tests pass
 * one fake for both that moves only when the code under test sleeps ({@code FakeTime}).
 */
public record Timing(HealthChecker.Sleeper sleeper, HealthChecker.Clock clock) {

    /** Thread.sleep and System.nanoTime. */
    public static final Timing REAL = new Timing(HealthChecker.Sleeper.REAL, HealthChecker.Clock.REAL);

    /** A new Ctrl-C flag whose waits sleep on this sleeper. */
    Interruption interruption() {
        return new Interruption(sleeper);
    }

    /** The same clock, every wait through {@code interruption}: an interrupt ends it. */
    Timing sleepingThrough(Interruption interruption) {
        return new Timing(interruption, clock);
    }
}
