package com.meatscentral.golden.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.RecordingConsole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthCheckerTest {

    private final FakeTime time = new FakeTime();
    private final List<Duration> timeouts = new ArrayList<>();

    private HealthChecker checker(HealthPolicy policy, int healthyFromAttempt) {
        int[] n = {0};
        return new HealthChecker(
                (url, timeout) -> {
                    timeouts.add(timeout);
                    time.now += Duration.ofMillis(20).toNanos();
                    return ++n[0] >= healthyFromAttempt
                            ? new HealthProbe.ProbeResult(200, "")
                            : new HealthProbe.ProbeResult(0, "Connection refused");
                },
                policy,
                time.timing(),
                new RecordingConsole());
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
        // Not answering yet costs no attempt: looked at again after 0.1 s, then 0.2 s (not 0.5 s, then 1 s).
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(timeouts).allMatch(t -> t.compareTo(Duration.ofSeconds(5)) <= 0);
    }

    @Test
    void aServiceThatAnswersWithErrorsGetsItsFiveAttemptsAndNoMore() {
        int[] probes = {0};
        HealthChecker checker = new HealthChecker(
                (url, timeout) -> {
                    probes[0]++;
                    time.now += Duration.ofMillis(20).toNanos();
                    return new HealthProbe.ProbeResult(500, "");
                },
                HealthPolicy.DEFAULT,
                time.timing(),
                new RecordingConsole());

        HealthChecker.Outcome o = checker.check("u");

        assertThat(o.healthy()).isFalse();
        assertThat(probes[0]).isEqualTo(5);
        assertThat(time.sleeps)
                .containsExactly(
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(o.last().toString()).isEqualTo("HTTP 500");
    }

    @Test
    void aServiceThatDoesNotAnswerYetIsPolledUntilTheWindowCloses() {
        HealthChecker.Outcome o = checker(new HealthPolicy(5, Duration.ofSeconds(25), Duration.ofMillis(500)), 99)
                .check("u");

        assertThat(o.healthy()).isFalse();
        assertThat(o.attempts()).as("refused connections are not answers").isGreaterThan(5);
        assertThat(o.last().toString()).isEqualTo("no answer (Connection refused)");
        // The last probe starts within the window (each probe here takes 20 ms).
        assertThat(time.now)
                .isBetween(
                        Duration.ofSeconds(25).toNanos(),
                        Duration.ofSeconds(25).plusMillis(20).toNanos());
    }

    @Test
    void aSlowButHealthyServiceIsWaitedFor() {
        // Booting for 20 s (connection refused), then healthy: not rolled back.
        HealthChecker checker = new HealthChecker(
                (url, timeout) -> {
                    time.now += Duration.ofMillis(20).toNanos();
                    return time.now >= Duration.ofSeconds(20).toNanos()
                            ? new HealthProbe.ProbeResult(200, "")
                            : new HealthProbe.ProbeResult(0, "Connection refused");
                },
                HealthPolicy.DEFAULT,
                time.timing(),
                new RecordingConsole());

        HealthChecker.Outcome o = checker.check("u");

        assertThat(o.healthy()).isTrue();
        assertThat(time.now)
                .isBetween(
                        Duration.ofSeconds(20).toNanos(), Duration.ofSeconds(25).toNanos());
    }

    @Test
    void theWindowCutsAttemptsShort() {
        HealthChecker.Outcome o = checker(new HealthPolicy(50, Duration.ofSeconds(3), Duration.ofMillis(500)), 99)
                .check("u");

        assertThat(o.healthy()).isFalse();
        assertThat(o.attempts()).isLessThan(50);
        assertThat(time.now)
                .isLessThanOrEqualTo(Duration.ofSeconds(3).plusMillis(20).toNanos());
    }

    @Test
    void redirectsCountAsUpAndServerErrorsAsDown() {
        assertThat(new HealthProbe.ProbeResult(301, "").healthy()).isTrue();
        assertThat(new HealthProbe.ProbeResult(503, "").healthy()).isFalse();
        assertThat(new HealthProbe.ProbeResult(0, "").healthy()).isFalse();
    }
}
