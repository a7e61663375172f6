package com.meatscentral.golden.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The REST client against the local GitHub stand-in: pagination, concurrency, and every failure GitHub gives. */
class GitHubSecretsClientTest {

    private final GitHubStandIn github = GitHubStandIn.start();

    @AfterEach
    void stop() {
        github.close();
    }

    private GitHubSecretsClient client() {
        return new GitHubSecretsClient(github.apiUrl(), github.repository(), github.token());
    }

    @Test
    void followsLinkPaginationPastAHundredSecrets() {
        List<String> many =
                IntStream.rangeClosed(1, 250).mapToObj(i -> "DEV_SECRET_" + i).toList();
        github.environmentSecrets("dev-backend", many).repositorySecrets("DO_ACCESS_TOKEN");

        GitHubSecrets secrets = client().fetch(List.of("dev-backend"));

        assertThat(secrets.environment("dev-backend")).hasSize(250).containsAll(many);
        assertThat(secrets.repository()).containsExactly("DO_ACCESS_TOKEN");
        assertThat(github.requests())
                .filteredOn(r -> r.contains("/environments/dev-backend/secrets"))
                .containsExactlyInAnyOrder(
                        "/repos/meatscentral/projectmeats/environments/dev-backend/secrets?per_page=100",
                        "/repos/meatscentral/projectmeats/environments/dev-backend/secrets?per_page=100&page=2",
                        "/repos/meatscentral/projectmeats/environments/dev-backend/secrets?per_page=100&page=3");
    }

    @Test
    void listsRunConcurrently() {
        github.environmentSecrets("dev-backend", "DEV_HOST")
                .environmentSecrets("uat2", "STAGING_HOST")
                .holdUntilConcurrent(4);
        GitHubSecrets secrets = client().fetch(List.of("dev-backend", "uat2"));
        assertThat(secrets.environment("uat2")).containsExactly("STAGING_HOST");
        assertThat(github.maxConcurrentRequests()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void organizationSecretsSharedWithTheRepositoryCount() {
        github.organizationSecrets("DO_ACCESS_TOKEN").environmentSecrets("dev-backend", "DEV_HOST");
        GitHubSecrets secrets = client().fetch(List.of("dev-backend"));
        assertThat(secrets.organization()).containsExactly("DO_ACCESS_TOKEN");
        assertThat(secrets.availableTo("dev-backend", "DO_ACCESS_TOKEN")).isTrue();
        assertThat(secrets.availableTo("dev-backend", "SSH_PASSWORD")).isFalse();
    }

    @Test
    void badTokenSaysSoAndNeverShowsIt() {
        github.environmentSecrets("dev-backend", "DEV_HOST").rejectToken();
        GoldenException e = catchThrowableOfType(GoldenException.class, () -> client().fetch(List.of("dev-backend")));
        assertThat(e.getMessage())
                .contains("GitHub rejected the token")
                .contains("401")
                .contains("Bad credentials")
                .contains(github.apiUrl() + "/repos/meatscentral/projectmeats/actions/secrets");
        assertThat(e.hint())
                .hasValueSatisfying(h -> assertThat(h).contains("GITHUB_TOKEN").contains("Secrets: Read"));
        assertThat(e.getMessage() + e.hint().orElse("")).doesNotContain(github.token());
    }

    @Test
    void wrongTokenIsAlsoRejected() {
        github.environmentSecrets("dev-backend", "DEV_HOST");
        GitHubSecretsClient wrong = new GitHubSecretsClient(github.apiUrl(), github.repository(), "not-the-token");
        assertThat(catchThrowableOfType(GoldenException.class, () -> wrong.fetch(List.of("dev-backend"))))
                .hasMessageContaining("401")
                .hasMessageNotContaining("not-the-token");
    }

    @Test
    void forbiddenNamesThePermissionNeeded() {
        github.environmentSecrets("dev-backend", "DEV_HOST").forbid("/organization-secrets");
        GoldenException e = catchThrowableOfType(GoldenException.class, () -> client().fetch(List.of("dev-backend")));
        assertThat(e.getMessage())
                .contains("lacks access")
                .contains("403")
                .contains("organization-secrets")
                .contains("secrets=read");
        assertThat(e.hint())
                .hasValueSatisfying(h -> assertThat(h).contains("admin:org").contains("Secrets: Read"));
    }

    @Test
    void missingEnvironmentIs404WithTheEnvironmentNamed() {
        github.environmentSecrets("dev-backend", "DEV_HOST");
        GoldenException e =
                catchThrowableOfType(GoldenException.class, () -> client().fetch(List.of("dev-backend", "uat2")));
        assertThat(e.getMessage())
                .contains("GitHub environment 'uat2' does not exist in meatscentral/projectmeats")
                .contains("404");
        assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("github_environment"));
    }

    @Test
    void rateLimitSaysWhenItResets() {
        Instant reset = Instant.now().plusSeconds(1800);
        github.environmentSecrets("dev-backend", "DEV_HOST").rateLimited(reset);
        GoldenException e = catchThrowableOfType(GoldenException.class, () -> client().fetch(List.of("dev-backend")));
        String hhmmss =
                DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC).format(reset);
        assertThat(e.getMessage())
                .contains("rate limit exhausted")
                .contains("403")
                .contains("resets at " + hhmmss + " UTC");
    }

    @Test
    void networkErrorNamesTheUrl() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        URI api = URI.create("http://127.0.0.1:" + port);
        GitHubSecretsClient client = new GitHubSecretsClient(api, "o/r", "t0ken-value");
        GoldenException e = catchThrowableOfType(GoldenException.class, () -> client.fetch(List.of()));
        assertThat(e.getMessage())
                .contains("Cannot reach the GitHub API")
                .contains("GET http://127.0.0.1:" + port + "/repos/o/r/actions/secrets?per_page=100")
                .doesNotContain("t0ken-value");
    }

    /** A one-route server answering every request with {@code status}, {@code headers} and {@code body}. */
    private static com.sun.net.httpserver.HttpServer fixedAnswer(int status, Map<String, String> headers, String body)
            throws IOException {
        var server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return server;
    }

    @Test
    void neverFollowsALinkToAnotherServerWithTheToken() throws IOException {
        var server = fixedAnswer(
                200,
                Map.of("Link", "<http://127.0.0.2:9/repos/o/r/actions/secrets?page=2>; rel=\"next\""),
                "{\"total_count\":2,\"secrets\":[{\"name\":\"A\"}]}");
        try {
            URI api = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            GoldenException e = catchThrowableOfType(
                    GoldenException.class, () -> new GitHubSecretsClient(api, "o/r", "t0ken-value").fetch(List.of()));
            assertThat(e.getMessage())
                    .contains("points to another server (http://127.0.0.2:9)")
                    .contains("not sending the token there")
                    .doesNotContain("t0ken-value");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void redirectIsReportedNotFollowed() throws IOException {
        var server = fixedAnswer(301, Map.of("Location", "https://api.github.com/repositories/42/actions/secrets"), "");
        try {
            URI api = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            GoldenException e = catchThrowableOfType(
                    GoldenException.class, () -> new GitHubSecretsClient(api, "o/r", "t0ken-value").fetch(List.of()));
            assertThat(e.getMessage()).contains("GitHub answered 301 (moved to https://api.github.com/repositories/42");
            assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("renamed or transferred"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void standInServesGitHubsShape() {
        github.repositorySecrets("A", "B", "C");
        GitHubSecrets secrets = client().fetch(List.of());
        assertThat(secrets.repository()).isEqualTo(Set.of("A", "B", "C"));
        assertThat(new ArrayList<>(github.requests())).allMatch(r -> r.contains("per_page=100"));
    }
}
