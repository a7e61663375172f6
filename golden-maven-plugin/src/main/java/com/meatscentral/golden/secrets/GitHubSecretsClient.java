package com.meatscentral.golden.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists secret names through GitHub's REST API (JDK HttpClient): repository secrets,
 * organization secrets shared with the repository, and environment secrets, following
 * {@code Link} pagination at {@code per_page=100} (at most {@value #MAX_PAGES} pages a list),
 * all lists concurrently. 5xx answers and rate limits are retried as {@link GitHubRetry} says.
 * Every failure is a {@link GoldenException} that says what to do; a failed call is never
 * "no secrets". The token goes only into the Authorization header, never into a message.
 */
public final class GitHubSecretsClient {

    /** The REST API version the audit is written against. */
    public static final String API_VERSION = "2022-11-28";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** GitHub holds at most 1,000 organization and 100 repository or environment secrets: 10 pages. */
    static final int MAX_PAGES = 50;

    private static final java.util.concurrent.Executor LISTS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "golden-github-api");
        t.setDaemon(true);
        return t;
    });

    private final URI apiUrl;
    private final String repository;
    private final String token;
    private final HttpClient http;
    private GitHubRetry retry = GitHubRetry.defaults();

    public GitHubSecretsClient(URI apiUrl, String repository, String token) {
        this(apiUrl, repository, token, httpClient(Optional.empty()));
    }

    /** The JDK client every call uses, through settings.xml's proxy when there is one. */
    static HttpClient httpClient(Optional<HttpProxy> proxy) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                // Redirects are reported, not followed: a followed redirect would carry the token along.
                .followRedirects(HttpClient.Redirect.NEVER);
        proxy.ifPresent(p -> p.applyTo(builder));
        return builder.build();
    }

    /** Replaces the retry policy (tests: a fake clock and sleeper). */
    public GitHubSecretsClient retry(GitHubRetry policy) {
        this.retry = policy;
        return this;
    }

    public GitHubSecretsClient(URI apiUrl, String repository, String token, HttpClient http) {
        this.apiUrl = apiUrl;
        this.repository = repository;
        this.token = token;
        this.http = http;
    }

    /** The client for {@code access}, through its settings.xml proxy when it has one. */
    public static GitHubSecretsClient of(GitHubAccess access) {
        return new GitHubSecretsClient(
                access.apiUrl(),
                access.requireRepository(),
                access.token()
                        .orElseThrow(
                                () -> new GoldenException(
                                        "No GitHub token",
                                        "set GITHUB_TOKEN (or GH_TOKEN), or configure a settings.xml <server> with the token as password")),
                httpClient(access.proxy()));
    }

    /** All three kinds of lists, for the given GitHub environments, fetched concurrently. */
    public GitHubSecrets fetch(Collection<String> githubEnvironments) {
        CompletableFuture<Set<String>> repo = repositorySecrets();
        CompletableFuture<Set<String>> org = organizationSecrets();
        Map<String, CompletableFuture<Set<String>>> envs = new LinkedHashMap<>();
        for (String env : new LinkedHashSet<>(githubEnvironments)) {
            envs.put(env, environmentSecrets(env));
        }
        List<CompletableFuture<?>> all = new ArrayList<>(envs.values());
        all.add(repo);
        all.add(org);
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            // Report the first failure in a stable order: repository, organization, environments.
            for (CompletableFuture<?> f : orderedForErrors(repo, org, envs.values())) {
                if (f.isCompletedExceptionally()) {
                    throw unwrap(f);
                }
            }
            throw unwrapThrowable(e);
        }
        Map<String, Set<String>> byEnv = new LinkedHashMap<>();
        envs.forEach((name, f) -> byEnv.put(name, f.join()));
        return new GitHubSecrets(repo.join(), org.join(), byEnv);
    }

    private static List<CompletableFuture<?>> orderedForErrors(
            CompletableFuture<?> repo, CompletableFuture<?> org, Collection<? extends CompletableFuture<?>> envs) {
        List<CompletableFuture<?>> ordered = new ArrayList<>();
        ordered.add(repo);
        ordered.add(org);
        ordered.addAll(envs);
        return ordered;
    }

    private static RuntimeException unwrap(CompletableFuture<?> failed) {
        try {
            failed.join();
            throw new IllegalStateException("not failed");
        } catch (CompletionException e) {
            return unwrapThrowable(e);
        }
    }

    private static RuntimeException unwrapThrowable(Throwable e) {
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }

    public CompletableFuture<Set<String>> repositorySecrets() {
        return list(Endpoint.REPOSITORY, "/repos/" + repository + "/actions/secrets", null);
    }

    public CompletableFuture<Set<String>> organizationSecrets() {
        return list(Endpoint.ORGANIZATION, "/repos/" + repository + "/actions/organization-secrets", null);
    }

    public CompletableFuture<Set<String>> environmentSecrets(String githubEnvironment) {
        String encoded =
                URLEncoder.encode(githubEnvironment, StandardCharsets.UTF_8).replace("+", "%20");
        return list(
                Endpoint.ENVIRONMENT,
                "/repos/" + repository + "/environments/" + encoded + "/secrets",
                githubEnvironment);
    }

    private enum Endpoint {
        REPOSITORY,
        ORGANIZATION,
        ENVIRONMENT
    }

    private CompletableFuture<Set<String>> list(Endpoint endpoint, String path, String environment) {
        URI first = URI.create(apiUrl + path + "?per_page=100");
        return CompletableFuture.supplyAsync(() -> pages(endpoint, first, environment), LISTS);
    }

    /** Every page of one list, following {@code rel="next"}: at most {@link #MAX_PAGES}, never one page twice. */
    private Set<String> pages(Endpoint endpoint, URI first, String environment) {
        Set<String> names = new LinkedHashSet<>();
        Set<URI> seen = new java.util.HashSet<>();
        URI uri = first;
        for (int page = 1; ; page++) {
            if (page > MAX_PAGES || !seen.add(uri)) {
                throw new GoldenException(
                        "GitHub's pagination of " + first + " did not end: stopped at GET " + uri
                                + (page > MAX_PAGES
                                        ? " after " + MAX_PAGES + " pages"
                                        : ", a page it had already listed")
                                + " (GitHub holds at most 1,000 secrets, 10 pages of 100)",
                        "check GITHUB_API_URL (now " + apiUrl
                                + "): it must be a GitHub REST API, e.g. https://api.github.com");
            }
            HttpResponse<String> response = get(endpoint, uri, environment);
            names.addAll(parse(uri, response.body()));
            Optional<URI> next = nextLink(response);
            if (next.isEmpty()) {
                return names;
            }
            checkSameOrigin(uri, next.get());
            uri = next.get();
        }
    }

    /** One GET, retried while {@link GitHubRetry} allows; a final non-200 answer becomes its message. */
    private HttpResponse<String> get(Endpoint endpoint, URI uri, String environment) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("Authorization", "Bearer " + token)
                .header("User-Agent", "golden-maven-plugin")
                .GET()
                .build();
        Instant started = retry.clock().instant();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw networkError(uri, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GoldenException("Interrupted during GET " + uri);
            }
            if (response.statusCode() == 200) {
                return response;
            }
            Optional<Duration> wait = retry.nextWait(
                    response.statusCode(), response.headers(), githubMessage(response.body()), attempt, started);
            if (wait.isEmpty()) {
                checkStatus(
                        endpoint,
                        uri,
                        environment,
                        response,
                        attempt == 1
                                ? ""
                                : " (after " + attempt + " attempts over "
                                        + Duration.between(
                                                        started, retry.clock().instant())
                                                .toSeconds() + " s)");
                throw new IllegalStateException("checkStatus accepted " + response.statusCode());
            }
            try {
                retry.sleep(wait.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GoldenException("Interrupted while waiting to retry GET " + uri + " (GitHub answered "
                        + response.statusCode() + ")");
            }
        }
    }

    /** The token is only ever sent to the API it was configured for, whatever a Link header says. */
    private void checkSameOrigin(URI current, URI next) {
        if (!java.util.Objects.equals(next.getScheme(), apiUrl.getScheme())
                || !java.util.Objects.equals(next.getHost(), apiUrl.getHost())
                || next.getPort() != apiUrl.getPort()) {
            throw new GoldenException(
                    "GitHub's Link header after GET " + current + " points to another server ("
                            + next.getScheme() + "://" + next.getHost()
                            + (next.getPort() < 0 ? "" : ":" + next.getPort())
                            + "); not sending the token there",
                    "check GITHUB_API_URL (now " + apiUrl + "): it must be the API's own base URL");
        }
    }

    private static Optional<URI> nextLink(HttpResponse<?> response) {
        for (String link : response.headers().allValues("Link")) {
            Matcher m = NEXT_LINK.matcher(link);
            if (m.find()) {
                return Optional.of(URI.create(m.group(1)));
            }
        }
        return Optional.empty();
    }

    private static List<String> parse(URI uri, String body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode secrets = root == null ? null : root.get("secrets");
            if (secrets == null || !secrets.isArray()) {
                throw new GoldenException(
                        "Unexpected answer from GET " + uri + ": no \"secrets\" array",
                        "check that GITHUB_API_URL points at a GitHub REST API (e.g. https://api.github.com)");
            }
            List<String> names = new ArrayList<>();
            secrets.forEach(s -> names.add(s.path("name").asText()));
            return names;
        } catch (IOException e) {
            throw new GoldenException(
                    "Unexpected answer from GET " + uri + ": not JSON",
                    "check that GITHUB_API_URL points at a GitHub REST API (e.g. https://api.github.com)");
        }
    }

    private GoldenException networkError(URI uri, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String what = cause.getMessage() == null
                ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new GoldenException(
                "Cannot reach the GitHub API: GET " + uri + " failed (" + what + ")",
                "check the network and GITHUB_API_URL (now " + apiUrl + "); behind a proxy, declare it in settings.xml"
                        + " <proxies> (or https.proxyHost/https.proxyPort in MAVEN_OPTS)");
    }

    /** Throws the message for a final answer other than 200; {@code attempts} says how long it was retried. */
    private void checkStatus(
            Endpoint endpoint, URI uri, String environment, HttpResponse<String> response, String attempts) {
        int status = response.statusCode();
        if (status == 200) {
            return;
        }
        String githubMessage = githubMessage(response.body());
        String where = "GET " + uri + " answered " + status
                + (githubMessage.isEmpty() ? "" : " (" + githubMessage + ")") + attempts;
        GitHubRetry.RateLimit limit = GitHubRetry.rateLimit(status, response.headers(), githubMessage);
        if (limit == GitHubRetry.RateLimit.PRIMARY) {
            String reset = response.headers()
                    .firstValue("x-ratelimit-reset")
                    .map(GitHubSecretsClient::resetTime)
                    .orElse("at an unknown time");
            throw new GoldenException(
                    "GitHub API rate limit exhausted (not a permission problem): " + where + "; it resets " + reset,
                    "wait until then, or run with a token that has its own quota (GITHUB_TOKEN in Actions,"
                            + " a personal token locally)");
        }
        if (limit == GitHubRetry.RateLimit.SECONDARY) {
            String after = response.headers()
                    .firstValue("retry-after")
                    .map(r -> "; GitHub asks to wait " + r + " s")
                    .orElse("; GitHub asks to wait at least a minute");
            throw new GoldenException(
                    "GitHub API secondary rate limit (not a permission problem): " + where + after,
                    "wait, then run the audit again; avoid running many audits at once (e.g. one per matrix job)");
        }
        String accepted = response.headers()
                .firstValue("X-Accepted-GitHub-Permissions")
                .map(p -> " GitHub says this endpoint needs: " + p + ".")
                .orElse("");
        if (status >= 300 && status < 400) {
            String location = response.headers().firstValue("Location").orElse("?");
            throw new GoldenException(
                    "GitHub answered " + status + " (moved to " + location + "): " + where,
                    endpoint == Endpoint.ENVIRONMENT || status == 301
                            ? "the repository was renamed or transferred: update -Dgolden.github.repository / GITHUB_REPOSITORY"
                            : "check GITHUB_API_URL (now " + apiUrl
                                    + "); it must be the API's base URL, e.g. https://api.github.com");
        }
        if (status == 401) {
            throw new GoldenException(
                    "GitHub rejected the token: " + where,
                    "the token is invalid or expired: set GITHUB_TOKEN (or GH_TOKEN) to a valid token with "
                            + permissionFor(endpoint));
        }
        if (status == 403) {
            throw new GoldenException(
                    "The GitHub token lacks access: " + where + "." + accepted,
                    "give the token " + permissionFor(endpoint));
        }
        if (status == 404 && endpoint == Endpoint.ENVIRONMENT) {
            throw new GoldenException(
                    "GitHub environment '" + environment + "' does not exist in " + repository + ": " + where,
                    "create it (Settings > Environments > New environment) and add its secrets, or set"
                            + " \"github_environment\" for it in the manifest to the environment's real name");
        }
        if (status == 404) {
            throw new GoldenException(
                    "Repository " + repository + " not found, or the token cannot see it: " + where,
                    "check -Dgolden.github.repository / GITHUB_REPOSITORY, and give the token "
                            + permissionFor(endpoint));
        }
        throw new GoldenException(
                "GitHub API error: " + where,
                status >= 500
                        ? "GitHub is having trouble; retry later (https://www.githubstatus.com)"
                        : "check the request; GitHub's answer is above");
    }

    private static String permissionFor(Endpoint endpoint) {
        return switch (endpoint) {
            case REPOSITORY ->
                "read access to repository secrets (fine-grained token: repository permission"
                        + " \"Secrets: Read\"; classic token: the repo scope)";
            case ORGANIZATION ->
                "read access to the organization secrets shared with the repository (fine-grained token:"
                        + " repository permission \"Secrets: Read\", and organization permission \"Secrets: Read\";"
                        + " classic token: repo and admin:org scopes)";
            case ENVIRONMENT ->
                "read access to environment secrets (fine-grained token: repository permissions"
                        + " \"Environments: Read\" and \"Secrets: Read\"; classic token: the repo scope)";
        };
    }

    static String resetTime(String epochSeconds) {
        try {
            Instant at = Instant.ofEpochSecond(Long.parseLong(epochSeconds.trim()));
            long minutes = Math.max(0, Duration.between(Instant.now(), at).toMinutes());
            return "at "
                    + DateTimeFormatter.ISO_LOCAL_TIME
                            .withZone(ZoneOffset.UTC)
                            .format(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                    + " UTC (" + DateTimeFormatter.ISO_INSTANT.format(at) + ", in about " + minutes + " min)";
        } catch (NumberFormatException e) {
            return "at " + epochSeconds;
        }
    }

    private static String githubMessage(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            return root == null ? "" : root.path("message").asText("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
