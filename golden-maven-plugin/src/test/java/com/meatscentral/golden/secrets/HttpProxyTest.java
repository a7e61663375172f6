package com.meatscentral.golden.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * settings.xml's proxy reaches the GitHub API client: the API host below does not resolve
 * (.invalid), so the audit's calls can only succeed through the proxy, a loopback server that
 * answers like GitHub and records what it was asked.
 */
class HttpProxyTest {

    private static final URI API = URI.create("http://api.github.invalid");
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> proxyLogins = new CopyOnWriteArrayList<>();
    private HttpServer proxy;

    /** A forward proxy that wants {@code user}:{@code password} (none: no login) and answers itself. */
    private int startProxy(String user, String password) throws IOException {
        proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/", exchange -> {
            String login = exchange.getRequestHeaders().getFirst("Proxy-Authorization");
            String expected = user == null
                    ? null
                    : "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            if (expected != null && !expected.equals(login)) {
                exchange.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"corp\"");
                exchange.sendResponseHeaders(407, -1);
                exchange.close();
                return;
            }
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            if (login != null) {
                proxyLogins.add(login);
            }
            byte[] body = "{\"total_count\":1,\"secrets\":[{\"name\":\"DEV_HOST\"}]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        proxy.start();
        return proxy.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.stop(0);
        }
    }

    private GitHubSecrets fetchThrough(HttpProxy httpProxy) {
        GitHubAccess access = new GitHubAccess(API, Optional.of("o/r"), Optional.of("t0ken-value"), "GITHUB_TOKEN")
                .withProxy(Optional.of(httpProxy));
        return GitHubSecretsClient.of(access).fetch(List.of("dev"));
    }

    @Test
    void theGitHubApiIsCalledThroughTheProxy() throws IOException {
        int port = startProxy(null, null);
        GitHubSecrets secrets = fetchThrough(new HttpProxy("127.0.0.1", port, null, null, List.of("localhost")));
        assertThat(secrets.repository()).containsExactly("DEV_HOST");
        assertThat(requests)
                .contains(
                        "GET http://api.github.invalid/repos/o/r/actions/secrets?per_page=100",
                        "GET http://api.github.invalid/repos/o/r/environments/dev/secrets?per_page=100");
    }

    @Test
    void theProxyLoginAnswersTheProxysChallenge() throws IOException {
        int port = startProxy("corp-user", "corp-pass-91x");
        GitHubSecrets secrets = fetchThrough(new HttpProxy("127.0.0.1", port, "corp-user", "corp-pass-91x", List.of()));
        assertThat(secrets.repository()).containsExactly("DEV_HOST");
        assertThat(proxyLogins).isNotEmpty();
    }

    @Test
    void nonProxyHostsUseMavensWildcards() {
        HttpProxy p = new HttpProxy("proxy", 3128, null, null, List.of("*.internal.example", "localhost"));
        assertThat(p.bypasses("github.internal.example")).isTrue();
        assertThat(p.bypasses("LOCALHOST")).isTrue();
        assertThat(p.bypasses("api.github.com")).isFalse();
        assertThat(new HttpProxy("proxy", 3128, "u", "secret-pass", List.of()).toString())
                .doesNotContain("secret-pass");
    }
}
