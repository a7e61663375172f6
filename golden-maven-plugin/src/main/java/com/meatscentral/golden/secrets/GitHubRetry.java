package com.meatscentral.golden.secrets;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When the audit's GitHub client tries a request again, following GitHub's REST guidance:
 * a 5xx answer is retried with exponential backoff and jitter; a rate limit (403 or 429) waits
 * for {@code Retry-After}, else for {@code x-ratelimit-reset} when {@code x-ratelimit-remaining}
 * is 0, else a minute for a secondary limit. Bounded twice: at most {@code maxAttempts} tries, and
 * never a wait that would end after {@code deadline} from the first try (then the answer is
 * final and reported). The clock and the sleeper are injected so tests never sleep.
 */
public final class GitHubRetry {

    /** Waits; tests pass one that only advances a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(Math.max(0, d.toMillis()));
    }

    /** What kind of "slow down" an answer is. */
    enum RateLimit {
        NONE,
        PRIMARY,
        SECONDARY
    }

    private final int maxAttempts;
    private final Duration deadline;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    private GitHubRetry(Builder b) {
        this.maxAttempts = Math.max(1, b.maxAttempts);
        this.deadline = b.deadline;
        this.baseDelay = b.baseDelay;
        this.maxDelay = b.maxDelay;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.random = b.random;
    }

    /** 5 attempts within 60 s, backoff from 1 s doubling up to 20 s, half of it jittered. */
    public static GitHubRetry defaults() {
        return of(b -> {});
    }

    /** A policy set by component name in {@code settings}; what is not set keeps its default. */
    public static GitHubRetry of(java.util.function.Consumer<Builder> settings) {
        return com.meatscentral.golden.Builders.build(new Builder(), settings, GitHubRetry::new);
    }

    Clock clock() {
        return clock;
    }

    int maxAttempts() {
        return maxAttempts;
    }

    void sleep(Duration d) throws InterruptedException {
        sleeper.sleep(d);
    }

    /**
     * The wait before attempt {@code attempt + 1}, or empty when the answer is final: not
     * retryable, the attempts are used up, or the wait would end past the deadline.
     *
     * @param attempt the attempts made so far (1 after the first)
     * @param started when the first attempt started
     */
    Optional<Duration> nextWait(GitHubAnswer answer, int attempt, Instant started) {
        int status = answer.status();
        HttpHeaders headers = answer.headers();
        RateLimit limit = answer.rateLimit();
        boolean serverError = status == 500 || status == 502 || status == 503 || status == 504;
        if (!serverError && limit == RateLimit.NONE || attempt >= maxAttempts) {
            return Optional.empty();
        }
        Duration wait = askedWait(headers, limit).orElseGet(() -> backoff(attempt));
        Instant now = clock.instant();
        if (now.plus(wait).isAfter(started.plus(deadline))) {
            return Optional.empty();
        }
        return Optional.of(wait);
    }

    /** What GitHub asks for: Retry-After seconds, else the reset time of an exhausted quota, else a minute (secondary). */
    private Optional<Duration> askedWait(HttpHeaders headers, RateLimit limit) {
        Optional<Duration> retryAfter = headers.firstValue("retry-after").flatMap(GitHubRetry::seconds);
        if (retryAfter.isPresent()) {
            return retryAfter;
        }
        if (limit == RateLimit.PRIMARY) {
            return headers.firstValue("x-ratelimit-reset")
                    .flatMap(GitHubRetry::seconds)
                    .map(epoch -> Duration.between(clock.instant(), Instant.ofEpochSecond(epoch.toSeconds()))
                            .plusSeconds(1))
                    .map(d -> d.isNegative() ? Duration.ofSeconds(1) : d);
        }
        return limit == RateLimit.SECONDARY ? Optional.of(Duration.ofMinutes(1)) : Optional.empty();
    }

    /** base x 2^(attempt-1), capped, the upper half jittered (so concurrent audits spread out). */
    private Duration backoff(int attempt) {
        long full = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(20, attempt - 1));
        long half = full / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (full - half)));
    }

    private static Optional<Duration> seconds(String value) {
        try {
            long s = Long.parseLong(value.strip());
            return s < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The components being set, with the defaults of {@link #defaults()}. */
    public static final class Builder {
        public int maxAttempts = 5;
        public Duration deadline = Duration.ofSeconds(60);
        public Duration baseDelay = Duration.ofSeconds(1); // doubles up to maxDelay
        public Duration maxDelay = Duration.ofSeconds(20);
        public Clock clock = Clock.systemUTC();
        public Sleeper sleeper = Sleeper.REAL;
        /** A source of [0, 1): the jitter. */
        public DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

        private Builder() {}
    }
}
