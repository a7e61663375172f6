package com.meatscentral.golden.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthCheckerTest {

    private final FakeTime time = new FakeTime();
    private final List<Duration> timeouts = new ArrayList<>();

    private HealthChecker checker(HealthPolicy policy, int healthyFromAttempt) {
        int[] n = {0};
        return new HealthChecker((url, timeout) -> {
            timeouts.add(timeout);
            time.now += Duration.ofMillis(20).toNanos();
            return ++n[0] >= healthyFromAttempt ? new HealthProbe.ProbeResult(200, "")
                    : new HealthProbe.ProbeResult(0, "Connection refused");
        }, policy, time, time, new RecordingConsole());
    }

    @Test
    void aServiceThatIsUpPassesOnTheFirstAttemptWithoutWaiting() {
        HealthChecker.Outcome o = checker(HealthPolicy.DEFAULT, 1).check("http://localhost:8000/api/v1/health/");

        assertThat(o.healthy()).isTrue();
        assertThat(o.attempts()).isEqualTo(1);
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void aServiceStartingUpIsPolledWithShortGrowingWaits() {
        HealthChecker.Outcome o = checker(HealthPolicy.DEFAULT, 3).check("u");

        assertThat(o.healthy()).isTrue();
        assertThat(time.sleeps).hasSize(2).first().isEqualTo(Duration.ofMillis(500));
        assertThat(time.sleeps.get(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(timeouts).allMatch(t -> t.compareTo(Duration.ofSeconds(5)) <= 0);
    }

    @Test
    void aDeadServiceGetsTheConfiguredAttemptsWithinTheWindow() {
        HealthChecker.Outcome o = checker(new HealthPolicy(5, Duration.ofSeconds(25), Duration.ofMillis(500)), 99).check("u");

        assertThat(o.healthy()).isFalse();
        assertThat(o.attempts()).isEqualTo(5);
        assertThat(o.last().toString()).isEqualTo("no answer (Connection refused)");
        // The last attempt starts within the window (each probe here takes 20 ms).
        assertThat(time.now).isLessThanOrEqualTo(Duration.ofSeconds(25).plusMillis(20).toNanos());
    }

    @Test
    void aSlowServiceIsWaitedForUntilTheEndOfTheWindow() {
        // Refused connections come back at once: the attempts must still span the 25 s,
        // so a service that needs 20 s to boot passes at the last attempt.
        HealthChecker.Outcome o = checker(HealthPolicy.DEFAULT, 5).check("u");

        assertThat(o.healthy()).isTrue();
        assertThat(o.attempts()).isEqualTo(5);
        assertThat(time.now).isBetween(Duration.ofSeconds(24).toNanos(), Duration.ofSeconds(25).plusMillis(100).toNanos());
    }

    @Test
    void theWaitsOfTheDefaultPolicyAddUpToTheWindow() {
        Duration total = Duration.ZERO;
        for (int n = 1; n < 5; n++) {
            total = total.plus(HealthPolicy.DEFAULT.backoffAfter(n));
        }
        assertThat(total).isBetween(Duration.ofMillis(24_900), Duration.ofMillis(25_100));
        assertThat(new HealthPolicy(3, Duration.ofSeconds(1), Duration.ofMillis(800)).backoffAfter(2))
                .as("equal waits when the first ones already fill the window").isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void theWindowCutsAttemptsShort() {
        HealthChecker.Outcome o = checker(new HealthPolicy(50, Duration.ofSeconds(3), Duration.ofMillis(500)), 99).check("u");

        assertThat(o.healthy()).isFalse();
        assertThat(o.attempts()).isLessThan(50);
        assertThat(time.now).isLessThanOrEqualTo(Duration.ofSeconds(3).plusMillis(20).toNanos());
    }

    @Test
    void redirectsCountAsUpAndServerErrorsAsDown() {
        assertThat(new HealthProbe.ProbeResult(301, "").healthy()).isTrue();
        assertThat(new HealthProbe.ProbeResult(503, "").healthy()).isFalse();
        assertThat(new HealthProbe.ProbeResult(0, "").healthy()).isFalse();
    }
}
