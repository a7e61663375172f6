package com.meatscentral.golden.secrets;

import com.meatscentral.golden.manifest.Manifest;
import com.meatscentral.golden.manifest.ManifestLoader;
import com.meatscentral.golden.manifest.ResolvedVariable;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for the three GitHub REST endpoints the audit reads (repository
 * secrets, organization secrets shared with the repository, environment secrets),
 * speaking GitHub's documented JSON, {@code per_page}/{@code page} and {@code Link}
 * pagination, with switches for the failures GitHub produces (401, 403 without
 * permission, 403 rate limit, 404 environment). Loopback only.
 *
 * <p>Test code, never shipped in the plugin jar. Three places run it: the plugin's unit
 * tests, the it/ module's tests (through the plugin's test-jar) and the demo and benchmark
 * scripts ({@link #main}, with {@code golden-maven-plugin/target/test-classes} on the class
 * path, see it/lib/golden-maven.sh). It is pure JDK on the server side.
 */
public final class GitHubStandIn implements AutoCloseable {

    public static final String DEFAULT_REPOSITORY = "meatscentral/projectmeats";
    public static final String DEFAULT_TOKEN = "stand-in-token";

    private final HttpServer server;
    private final ExecutorService executor;
    private final String repository;
    private final String token;
    private final Set<String> repositorySecrets = new LinkedHashSet<>();
    private final Set<String> organizationSecrets = new LinkedHashSet<>();
    private final Map<String, Set<String>> environmentSecrets = new LinkedHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Failure failure = Failure.NONE;
    private volatile Instant rateLimitReset = Instant.EPOCH;
    private volatile String forbiddenPath = "";
    private volatile CountDownLatch concurrencyGate;
    private final List<CannedAnswer> canned = new CopyOnWriteArrayList<>();

    /** The next {@code remaining} requests whose path contains {@code pathPart} get this answer instead. */
    private static final class CannedAnswer {
        final String pathPart;
        final int status;
        final Map<String, String> headers;
        final String message;
        int remaining;

        CannedAnswer(String pathPart, int remaining, int status, Map<String, String> headers, String message) {
            this.pathPart = pathPart;
            this.remaining = remaining;
            this.status = status;
            this.headers = headers;
            this.message = message;
        }
    }

    private enum Failure {
        NONE,
        UNAUTHORIZED,
        FORBIDDEN,
        RATE_LIMITED
    }

    private GitHubStandIn(int port, String repository, String token) throws IOException {
        this.repository = repository;
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "github-stand-in");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on an ephemeral loopback port with the default repository and token. */
    public static GitHubStandIn start() {
        return start(0, DEFAULT_REPOSITORY, DEFAULT_TOKEN);
    }

    public static GitHubStandIn start(int port, String repository, String token) {
        try {
            return new GitHubStandIn(port, repository, token);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the GitHub stand-in on 127.0.0.1:" + port + ": " + e, e);
        }
    }

    /** The value for {@code GITHUB_API_URL}. */
    public URI apiUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public String repository() {
        return repository;
    }

    /** The only token it accepts (a stand-in value, not a secret). */
    public String token() {
        return token;
    }

    public synchronized GitHubStandIn repositorySecrets(String... names) {
        repositorySecrets.addAll(List.of(names));
        return this;
    }

    public synchronized GitHubStandIn organizationSecrets(String... names) {
        organizationSecrets.addAll(List.of(names));
        return this;
    }

    /** Creates the GitHub environment (if needed) and adds secrets to it. */
    public synchronized GitHubStandIn environmentSecrets(String environment, Collection<String> names) {
        environmentSecrets
                .computeIfAbsent(environment, e -> new LinkedHashSet<>())
                .addAll(names);
        return this;
    }

    public GitHubStandIn environmentSecrets(String environment, String... names) {
        return environmentSecrets(environment, List.of(names));
    }

    /** Every secret the manifest maps, where GitHub would hold it: declared globals in the repository, the rest in each environment. */
    public synchronized GitHubStandIn allSecretsOf(Manifest manifest) {
        for (String envName : manifest.environmentNames()) {
            String githubEnv = manifest.environment(envName).githubEnvironment();
            environmentSecrets.computeIfAbsent(githubEnv, e -> new LinkedHashSet<>());
            for (ResolvedVariable v : manifest.variablesFor(envName)) {
                v.secretName().ifPresent(name -> {
                    if (manifest.isGlobalSecret(name)) {
                        repositorySecrets.add(name);
                    } else {
                        environmentSecrets.get(githubEnv).add(name);
                    }
                });
            }
        }
        return this;
    }

    /** Removes {@code name} from the repository, the organization and every environment. */
    public synchronized GitHubStandIn remove(String name) {
        repositorySecrets.remove(name);
        organizationSecrets.remove(name);
        environmentSecrets.values().forEach(s -> s.remove(name));
        return this;
    }

    /** Removes {@code name} from one GitHub environment only. */
    public synchronized GitHubStandIn remove(String environment, String name) {
        Set<String> secrets = environmentSecrets.get(environment);
        if (secrets != null) {
            secrets.remove(name);
        }
        return this;
    }

    /** Makes the GitHub environment not exist (404), as when nobody created it. */
    public synchronized GitHubStandIn deleteEnvironment(String environment) {
        environmentSecrets.remove(environment);
        return this;
    }

    /** Every request answers 401 Bad credentials. */
    public GitHubStandIn rejectToken() {
        failure = Failure.UNAUTHORIZED;
        return this;
    }

    /** Requests whose path contains {@code pathPart} answer 403 "Resource not accessible by personal access token". */
    public GitHubStandIn forbid(String pathPart) {
        forbiddenPath = pathPart;
        failure = Failure.FORBIDDEN;
        return this;
    }

    /** Every request answers 403 with {@code x-ratelimit-remaining: 0}, resetting at {@code reset}. */
    public GitHubStandIn rateLimited(Instant reset) {
        rateLimitReset = reset;
        failure = Failure.RATE_LIMITED;
        return this;
    }

    /**
     * The next {@code count} requests whose path contains {@code pathPart} answer {@code status}
     * with {@code headers} and GitHub's JSON error body carrying {@code message}, as GitHub does
     * for a 502, a secondary rate limit (403/429 with Retry-After) or an exhausted quota; then
     * requests are served normally again.
     */
    public GitHubStandIn failNext(String pathPart, int count, int status, Map<String, String> headers, String message) {
        canned.add(new CannedAnswer(pathPart, count, status, Map.copyOf(headers), message));
        return this;
    }

    /** Holds the first {@code n} requests until all {@code n} have arrived (at most 5 s). */
    public GitHubStandIn holdUntilConcurrent(int n) {
        concurrencyGate = new CountDownLatch(n);
        return this;
    }

    /** Paths and queries of the requests received, in arrival order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** The most requests it was serving at one moment: more than one means the client ran them concurrently. */
    public int maxConcurrentRequests() {
        return maxInFlight.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try (exchange) {
            URI uri = exchange.getRequestURI();
            requests.add(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            CountDownLatch gate = concurrencyGate;
            if (gate != null) {
                // Hold requests until N are in flight at once: a sequential client never
                // gets there, so maxConcurrentRequests() proves concurrency without timing.
                gate.countDown();
                gate.await(5, TimeUnit.SECONDS);
            }
            respond(exchange, uri);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void respond(HttpExchange exchange, URI uri) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            send(exchange, 405, message("Method Not Allowed"));
            return;
        }
        if (!"application/vnd.github+json".equals(exchange.getRequestHeaders().getFirst("Accept"))
                || exchange.getRequestHeaders().getFirst("X-GitHub-Api-Version") == null) {
            send(exchange, 400, message("stand-in: send Accept: application/vnd.github+json and X-GitHub-Api-Version"));
            return;
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (failure == Failure.UNAUTHORIZED
                || auth == null
                || !(auth.equals("Bearer " + token) || auth.equals("token " + token))) {
            send(exchange, 401, message("Bad credentials"));
            return;
        }
        if (failure == Failure.RATE_LIMITED) {
            exchange.getResponseHeaders().add("x-ratelimit-limit", "5000");
            exchange.getResponseHeaders().add("x-ratelimit-remaining", "0");
            exchange.getResponseHeaders().add("x-ratelimit-reset", Long.toString(rateLimitReset.getEpochSecond()));
            send(exchange, 403, message("API rate limit exceeded for user ID 1."));
            return;
        }
        String path = uri.getRawPath();
        CannedAnswer answer = takeCanned(path);
        if (answer != null) {
            answer.headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            send(exchange, answer.status, message(answer.message));
            return;
        }
        if (failure == Failure.FORBIDDEN && path.contains(forbiddenPath)) {
            exchange.getResponseHeaders().add("X-Accepted-GitHub-Permissions", "secrets=read");
            send(exchange, 403, message("Resource not accessible by personal access token"));
            return;
        }
        String base = "/repos/" + repository;
        List<String> names;
        synchronized (this) {
            if (path.equals(base + "/actions/secrets")) {
                names = new ArrayList<>(repositorySecrets);
            } else if (path.equals(base + "/actions/organization-secrets")) {
                names = new ArrayList<>(organizationSecrets);
            } else if (path.startsWith(base + "/environments/") && path.endsWith("/secrets")) {
                String env = URLDecoder.decode(
                        path.substring((base + "/environments/").length(), path.length() - "/secrets".length()),
                        StandardCharsets.UTF_8);
                Set<String> secrets = environmentSecrets.get(env);
                names = secrets == null ? null : new ArrayList<>(secrets);
            } else {
                names = null;
            }
        }
        if (names == null) {
            send(exchange, 404, message("Not Found"));
            return;
        }
        Map<String, String> query = query(uri.getRawQuery());
        int perPage = Math.min(100, Math.max(1, Integer.parseInt(query.getOrDefault("per_page", "30"))));
        int page = Math.max(1, Integer.parseInt(query.getOrDefault("page", "1")));
        int last = Math.max(1, (names.size() + perPage - 1) / perPage);
        List<String> slice =
                names.subList(Math.min(names.size(), (page - 1) * perPage), Math.min(names.size(), page * perPage));
        List<String> links = new ArrayList<>();
        String self = apiUrl() + path + "?per_page=" + perPage + "&page=";
        if (page < last) {
            links.add("<" + self + (page + 1) + ">; rel=\"next\"");
            links.add("<" + self + last + ">; rel=\"last\"");
        }
        if (page > 1) {
            links.add("<" + self + 1 + ">; rel=\"first\"");
            links.add("<" + self + (page - 1) + ">; rel=\"prev\"");
        }
        if (!links.isEmpty()) {
            exchange.getResponseHeaders().add("Link", String.join(", ", links));
        }
        StringBuilder json =
                new StringBuilder("{\"total_count\":").append(names.size()).append(",\"secrets\":[");
        for (int i = 0; i < slice.size(); i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"name\":\"")
                    .append(jsonEscape(slice.get(i)))
                    .append("\",\"created_at\":\"2024-01-10T14:59:22Z\",\"updated_at\":\"2024-06-10T14:59:22Z\"}");
        }
        send(exchange, 200, json.append("]}").toString());
    }

    private synchronized CannedAnswer takeCanned(String path) {
        for (CannedAnswer a : canned) {
            if (a.remaining > 0 && path.contains(a.pathPart)) {
                a.remaining--;
                return a;
            }
        }
        return null;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static String message(String text) {
        return "{\"message\":\"" + jsonEscape(text) + "\",\"documentation_url\":\"https://docs.github.com/rest\"}";
    }

    private static String jsonEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * {@code java ... GitHubStandIn --manifest config/env.manifest.json [--port N] [--omit SECRET]...}:
     * serves every secret of the manifest (minus the omitted ones), prints the
     * {@code GITHUB_API_URL=}, {@code GITHUB_REPOSITORY=} and {@code GITHUB_TOKEN=} lines to
     * use (the token is the stand-in's fixed test value), and serves until the process is stopped.
     */
    public static void main(String[] args) throws InterruptedException {
        Path manifest = null;
        int port = 0;
        List<String> omit = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--manifest" -> manifest = Path.of(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--omit" -> omit.add(args[++i]);
                default -> {
                    System.err.println("usage: GitHubStandIn --manifest FILE [--port N] [--omit SECRET]...");
                    System.exit(2);
                }
            }
        }
        if (manifest == null) {
            System.err.println("usage: GitHubStandIn --manifest FILE [--port N] [--omit SECRET]...");
            System.exit(2);
        }
        Manifest loaded;
        try {
            loaded = ManifestLoader.load(manifest);
        } catch (com.meatscentral.golden.GoldenException e) {
            System.err.println(e.getMessage());
            e.hint().ifPresent(h -> System.err.println("  fix: " + h));
            System.exit(1);
            return;
        }
        GitHubStandIn standIn = start(port, DEFAULT_REPOSITORY, DEFAULT_TOKEN).allSecretsOf(loaded);
        omit.forEach(standIn::remove);
        Runtime.getRuntime().addShutdownHook(new Thread(standIn::close));
        System.out.println("GITHUB_API_URL=" + standIn.apiUrl());
        System.out.println("GITHUB_REPOSITORY=" + standIn.repository());
        System.out.println("GITHUB_TOKEN=" + standIn.token());
        System.out.flush();
        Thread.currentThread().join(); // until stopped; the shutdown hook closes the server
    }
}
