package com.meatscentral.golden.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when the code under test sleeps: no real waiting in unit tests. */
final class FakeTime implements HealthChecker.Clock, HealthChecker.Sleeper {
    long now;
    final List<Duration> sleeps = new ArrayList<>();
    Runnable onSleep = () -> {};

    /** This fake as both the sleeper and the clock of a deploy. */
    Timing timing() {
        return new Timing(this, this);
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleep(Duration d) {
        sleeps.add(d);
        now += d.toNanos();
        onSleep.run();
    }
}
