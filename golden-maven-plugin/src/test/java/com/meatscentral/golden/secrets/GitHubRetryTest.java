package com.meatscentral.golden.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The audit client against the stand-in answering as GitHub does when it is in trouble (5xx)
 * or asks to slow down (secondary rate limit, exhausted quota): retried with backoff and
 * jitter, GitHub's waits honoured, bounded by attempts and a deadline, the final answer
 * reported as what it is. The clock is fake and the sleeper only advances it: nothing sleeps.
 */
class GitHubRetryTest {

    private static final String ENV_PATH = "/environments/dev-backend/secrets";

    private final GitHubStandIn github = GitHubStandIn.start();
    private final FakeTime time = new FakeTime();

    @AfterEach
    void stop() {
        github.close();
    }

    /** A clock that only moves when the client "sleeps", and the sleeps it asked for. */
    static final class FakeTime extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        final List<Duration> sleeps = new CopyOnWriteArrayList<>();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void sleep(Duration d) {
            sleeps.add(d);
            now.updateAndGet(t -> t.plus(d));
        }
    }

    private GitHubRetry policy() {
        return policy(b -> {});
    }

    private GitHubRetry policy(java.util.function.Consumer<GitHubRetry.Builder> settings) {
        return GitHubRetry.of(b -> {
            b.clock = time;
            b.sleeper = time::sleep;
            b.random = () -> 0.5;
            settings.accept(b);
        });
    }

    private GitHubSecretsClient client(GitHubRetry retry) {
        return new GitHubSecretsClient(github.apiUrl(), github.repository(), github.token()).retry(retry);
    }

    private long requestsTo(String pathPart) {
        return github.requests().stream().filter(r -> r.contains(pathPart)).count();
    }

    @Test
    void a5xxIsRetriedWithGrowingJitteredBackoffThenSucceeds() {
        github.environmentSecrets("dev-backend", "DEV_HOST").failNext(ENV_PATH, 2, 502, Map.of(), "Server Error");
        GitHubSecrets secrets = client(policy()).fetch(List.of("dev-backend"));
        assertThat(secrets.environment("dev-backend")).containsExactly("DEV_HOST");
        assertThat(requestsTo(ENV_PATH)).isEqualTo(3);
        // base 1 s, then 2 s; the upper half jittered (random 0.5 -> 3/4 of each).
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(750), Duration.ofMillis(1500));
    }

    @Test
    void theJitterSpreadsTheWaitOverTheUpperHalf() {
        github.environmentSecrets("dev-backend", "DEV_HOST").failNext(ENV_PATH, 1, 503, Map.of(), "Unavailable");
        client(policy(b -> b.random = () -> 0.0)).fetch(List.of("dev-backend"));
        github.failNext(ENV_PATH, 1, 503, Map.of(), "Unavailable");
        client(policy(b -> b.random = () -> 0.999)).fetch(List.of("dev-backend"));
        assertThat(time.sleeps.get(0)).isEqualTo(Duration.ofMillis(500));
        assertThat(time.sleeps.get(1)).isBetween(Duration.ofMillis(990), Duration.ofMillis(1000));
    }

    @Test
    void aSecondaryRateLimitWaitsWhatRetryAfterSays() {
        github.environmentSecrets("dev-backend", "DEV_HOST")
                .failNext(
                        ENV_PATH,
                        1,
                        403,
                        Map.of("retry-after", "7"),
                        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.");
        GitHubSecrets secrets = client(policy()).fetch(List.of("dev-backend"));
        assertThat(secrets.environment("dev-backend")).containsExactly("DEV_HOST");
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void aShortQuotaResetIsWaitedFor() {
        Instant reset = time.instant().plusSeconds(5);
        github.environmentSecrets("dev-backend", "DEV_HOST")
                .failNext(
                        ENV_PATH,
                        1,
                        429,
                        Map.of(
                                "x-ratelimit-remaining",
                                "0",
                                "x-ratelimit-reset",
                                Long.toString(reset.getEpochSecond())),
                        "API rate limit exceeded");
        client(policy()).fetch(List.of("dev-backend"));
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(6));
    }

    @Test
    void aRateLimitIsReportedAsSuchNotAsAMissingPermission() {
        // GitHub's secondary limit without Retry-After: a 403 that only its message tells apart.
        github.environmentSecrets("dev-backend", "DEV_HOST")
                .failNext(
                        ENV_PATH,
                        100,
                        403,
                        Map.of(),
                        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.");
        GoldenException e = catchThrowableOfType(
                GoldenException.class, () -> client(policy()).fetch(List.of("dev-backend")));
        assertThat(e.getMessage())
                .contains("secondary rate limit (not a permission problem)")
                .contains("403")
                .doesNotContain("lacks access");
        assertThat(e.hint())
                .hasValueSatisfying(h -> assertThat(h).contains("wait").doesNotContain("Secrets: Read"));
        // It asks for a minute: one wait, then the deadline (60 s) stops it.
        assertThat(time.sleeps).containsExactly(Duration.ofMinutes(1));
    }

    @Test
    void retriesStopAtTheDeadlineAndSaySo() {
        github.environmentSecrets("dev-backend", "DEV_HOST").failNext(ENV_PATH, 1000, 503, Map.of(), "Unavailable");
        GitHubRetry retry = policy(b -> {
            b.maxAttempts = 100;
            b.deadline = Duration.ofSeconds(30);
            b.baseDelay = Duration.ofSeconds(1);
            b.maxDelay = Duration.ofSeconds(8);
        });
        GoldenException e =
                catchThrowableOfType(GoldenException.class, () -> client(retry).fetch(List.of("dev-backend")));
        Duration slept = time.sleeps.stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(slept).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(time.sleeps).hasSizeLessThan(10);
        assertThat(e.getMessage())
                .contains("GitHub API error")
                .contains("503")
                .contains("after " + (time.sleeps.size() + 1) + " attempts over " + slept.toSeconds() + " s");
        assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("githubstatus"));
    }

    @Test
    void retriesStopAfterMaxAttempts() {
        github.environmentSecrets("dev-backend", "DEV_HOST").failNext(ENV_PATH, 1000, 500, Map.of(), "boom");
        catchThrowableOfType(
                GoldenException.class,
                () -> client(policy(b -> b.maxAttempts = 3)).fetch(List.of("dev-backend")));
        assertThat(requestsTo(ENV_PATH)).isEqualTo(3);
    }

    @Test
    void anExhaustedQuotaFarAwayFailsAtOnceWithItsResetTime() {
        github.environmentSecrets("dev-backend", "DEV_HOST")
                .rateLimited(Instant.now().plusSeconds(1800));
        GoldenException e = catchThrowableOfType(
                GoldenException.class, () -> client(policy()).fetch(List.of("dev-backend")));
        assertThat(e.getMessage())
                .contains("rate limit exhausted (not a permission problem)")
                .contains("resets at");
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void otherClientErrorsAreNotRetried() {
        github.environmentSecrets("dev-backend", "DEV_HOST").forbid(ENV_PATH);
        GoldenException e = catchThrowableOfType(
                GoldenException.class, () -> client(policy()).fetch(List.of("dev-backend")));
        assertThat(e.getMessage()).contains("lacks access");
        assertThat(time.sleeps).isEmpty();
        assertThat(requestsTo(ENV_PATH)).isEqualTo(1);
    }

    @Test
    void paginationThatNeverEndsIsCapped() throws IOException {
        // Every page links to a next one: a broken or hostile API must not keep the audit paging forever.
        var server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            int page = query != null && query.contains("page=")
                    ? Integer.parseInt(query.replaceAll(".*page=(\\d+).*", "$1"))
                    : 1;
            exchange.getResponseHeaders()
                    .add(
                            "Link",
                            "<http://127.0.0.1:" + server.getAddress().getPort()
                                    + exchange.getRequestURI().getRawPath() + "?per_page=100&page=" + (page + 1)
                                    + ">; rel=\"next\"");
            byte[] body = ("{\"total_count\":1,\"secrets\":[{\"name\":\"S" + page + "\"}]}").getBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            URI api = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            GoldenException e = catchThrowableOfType(
                    GoldenException.class, () -> new GitHubSecretsClient(api, "o/r", "t0ken-value").fetch(List.of()));
            assertThat(e.getMessage()).contains("did not end").contains("after " + GitHubPages.MAX_PAGES + " pages");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void plainHttpIsRefusedUnlessTheApiIsOnLoopback() {
        GoldenException e = catchThrowableOfType(
                GoldenException.class,
                () -> GitHubAccess.resolve(
                        Map.of("GITHUB_API_URL", "http://github.example.com/api/v3"),
                        Optional.of("o/r"),
                        Optional.empty(),
                        Optional.empty(),
                        "github"));
        assertThat(e.getMessage()).contains("plain http").contains("clear text");
        assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("https://"));
        for (String local :
                List.of("http://127.0.0.1:8080", "http://localhost:9", "http://[::1]:9", "http://127.1.2.3")) {
            assertThat(GitHubAccess.resolve(
                                    Map.of("GITHUB_API_URL", local),
                                    Optional.of("o/r"),
                                    Optional.empty(),
                                    Optional.empty(),
                                    "github")
                            .apiUrl()
                            .toString())
                    .isEqualTo(local);
        }
        assertThat(GitHubAccess.resolve(
                                Map.of("GITHUB_API_URL", "https://github.example.com/api/v3"),
                                Optional.of("o/r"),
                                Optional.empty(),
                                Optional.empty(),
                                "github")
                        .apiUrl()
                        .getHost())
                .isEqualTo("github.example.com");
        assertThat(GitHubAccess.isLoopback("localhost.evil.example")).isFalse();
        assertThat(GitHubAccess.isLoopback("10.0.0.1")).isFalse();
    }
}
