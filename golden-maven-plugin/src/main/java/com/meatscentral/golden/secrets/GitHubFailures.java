package com.meatscentral.golden.secrets;

import com.meatscentral.golden.GoldenException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletionException;

/**
 * What a failed call to GitHub's secrets API means, as one message and a fix: an unreachable API,
 * a rate limit (primary or secondary, with when it resets), a redirect, a rejected or too weak
 * token (with the permission each list needs), a missing repository or environment.
 */
final class GitHubFailures {

    /** The three lists of secret names, each with the permission it needs. */
    enum Endpoint {
        REPOSITORY,
        ORGANIZATION,
        ENVIRONMENT
    }

    private final URI apiUrl;
    private final String repository;

    GitHubFailures(URI apiUrl, String repository) {
        this.apiUrl = apiUrl;
        this.repository = repository;
    }

    GoldenException networkError(URI uri, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String what = cause.getMessage() == null
                ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new GoldenException(
                "Cannot reach the GitHub API: GET " + uri + " failed (" + what + ")",
                "check the network and GITHUB_API_URL (now " + apiUrl + "); behind a proxy, declare it in settings.xml"
                        + " <proxies> (or https.proxyHost/https.proxyPort in MAVEN_OPTS)");
    }

    /** The message for a final answer other than 200; {@code attempts} says how long it was retried. */
    GoldenException failure(Endpoint endpoint, URI uri, String environment, GitHubAnswer answer, String attempts) {
        int status = answer.status();
        HttpHeaders headers = answer.headers();
        String where = "GET " + uri + " answered " + status
                + (answer.message().isEmpty() ? "" : " (" + answer.message() + ")") + attempts;
        GitHubRetry.RateLimit limit = answer.rateLimit();
        if (limit == GitHubRetry.RateLimit.PRIMARY) {
            String reset = headers.firstValue("x-ratelimit-reset")
                    .map(GitHubFailures::resetTime)
                    .orElse("at an unknown time");
            return new GoldenException(
                    "GitHub API rate limit exhausted (not a permission problem): " + where + "; it resets " + reset,
                    "wait until then, or run with a token that has its own quota (GITHUB_TOKEN in Actions,"
                            + " a personal token locally)");
        }
        if (limit == GitHubRetry.RateLimit.SECONDARY) {
            String after = headers.firstValue("retry-after")
                    .map(r -> "; GitHub asks to wait " + r + " s")
                    .orElse("; GitHub asks to wait at least a minute");
            return new GoldenException(
                    "GitHub API secondary rate limit (not a permission problem): " + where + after,
                    "wait, then run the audit again; avoid running many audits at once (e.g. one per matrix job)");
        }
        String accepted = headers.firstValue("X-Accepted-GitHub-Permissions")
                .map(p -> " GitHub says this endpoint needs: " + p + ".")
                .orElse("");
        if (status >= 300 && status < 400) {
            String location = headers.firstValue("Location").orElse("?");
            return new GoldenException(
                    "GitHub answered " + status + " (moved to " + location + "): " + where,
                    endpoint == Endpoint.ENVIRONMENT || status == 301
                            ? "the repository was renamed or transferred: update -Dgolden.github.repository / GITHUB_REPOSITORY"
                            : "check GITHUB_API_URL (now " + apiUrl
                                    + "); it must be the API's base URL, e.g. https://api.github.com");
        }
        if (status == 401) {
            return new GoldenException(
                    "GitHub rejected the token: " + where,
                    "the token is invalid or expired: set GITHUB_TOKEN (or GH_TOKEN) to a valid token with "
                            + permissionFor(endpoint));
        }
        if (status == 403) {
            return new GoldenException(
                    "The GitHub token lacks access: " + where + "." + accepted,
                    "give the token " + permissionFor(endpoint));
        }
        if (status == 404 && endpoint == Endpoint.ENVIRONMENT) {
            return new GoldenException(
                    "GitHub environment '" + environment + "' does not exist in " + repository + ": " + where,
                    "create it (Settings > Environments > New environment) and add its secrets, or set"
                            + " \"github_environment\" for it in the manifest to the environment's real name");
        }
        if (status == 404) {
            return new GoldenException(
                    "Repository " + repository + " not found, or the token cannot see it: " + where,
                    "check -Dgolden.github.repository / GITHUB_REPOSITORY, and give the token "
                            + permissionFor(endpoint));
        }
        return new GoldenException(
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
}
