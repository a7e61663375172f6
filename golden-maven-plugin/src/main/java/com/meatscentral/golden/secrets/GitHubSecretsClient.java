package com.meatscentral.golden.secrets;

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

/**
 * Lists secret names through GitHub's REST API (JDK HttpClient): repository secrets,
 * organization secrets shared with the repository, and environment secrets, following
 * {@code Link} pagination at {@code per_page=100} (at most {@value GitHubPages#MAX_PAGES} pages a list),
 * all lists concurrently. 5xx answers and rate limits are retried as {@link GitHubRetry} says.
 * Every failure is a {@link GoldenException} that says what to do; a failed call is never
 * "no secrets". The token goes only into the Authorization header, never into a message.
 */
public final class GitHubSecretsClient {

    /** The REST API version the audit is written against. */
    public static final String API_VERSION = "2022-11-28";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final java.util.concurrent.Executor LISTS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "golden-github-api");
        t.setDaemon(true);
        return t;
    });

    private final URI apiUrl;
    private final String repository;
    private final String token;
    private final HttpClient http;
    private final GitHubFailures failures;
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
        this.failures = new GitHubFailures(apiUrl, repository);
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
        return list(GitHubFailures.Endpoint.REPOSITORY, "/repos/" + repository + "/actions/secrets", null);
    }

    public CompletableFuture<Set<String>> organizationSecrets() {
        return list(
                GitHubFailures.Endpoint.ORGANIZATION, "/repos/" + repository + "/actions/organization-secrets", null);
    }

    public CompletableFuture<Set<String>> environmentSecrets(String githubEnvironment) {
        String encoded =
                URLEncoder.encode(githubEnvironment, StandardCharsets.UTF_8).replace("+", "%20");
        return list(
                GitHubFailures.Endpoint.ENVIRONMENT,
                "/repos/" + repository + "/environments/" + encoded + "/secrets",
                githubEnvironment);
    }

    private CompletableFuture<Set<String>> list(GitHubFailures.Endpoint endpoint, String path, String environment) {
        URI first = URI.create(apiUrl + path + "?per_page=100");
        return CompletableFuture.supplyAsync(
                () -> new GitHubPages(apiUrl).names(first, uri -> get(endpoint, uri, environment)), LISTS);
    }

    /** One GET, retried while {@link GitHubRetry} allows; a final non-200 answer becomes its message. */
    private HttpResponse<String> get(GitHubFailures.Endpoint endpoint, URI uri, String environment) {
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
                throw failures.networkError(uri, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GoldenException("Interrupted during GET " + uri);
            }
            if (response.statusCode() == 200) {
                return response;
            }
            GitHubAnswer answer = GitHubAnswer.of(response);
            Optional<Duration> wait = retry.nextWait(answer, attempt, started);
            if (wait.isEmpty()) {
                throw failures.failure(
                        endpoint,
                        uri,
                        environment,
                        answer,
                        attempt == 1
                                ? ""
                                : " (after " + attempt + " attempts over "
                                        + Duration.between(
                                                        started, retry.clock().instant())
                                                .toSeconds() + " s)");
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
}
