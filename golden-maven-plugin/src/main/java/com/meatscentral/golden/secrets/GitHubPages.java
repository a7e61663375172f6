package com.meatscentral.golden.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secret names of one GitHub list, page by page: follows {@code Link: rel="next"} only to
 * the API the token belongs to, stops a pagination that does not end, and refuses an answer
 * that is not a list of secrets.
 */
final class GitHubPages {

    /** GitHub holds at most 1,000 organization and 100 repository or environment secrets: 10 pages. */
    static final int MAX_PAGES = 50;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");

    private final URI apiUrl;

    GitHubPages(URI apiUrl) {
        this.apiUrl = apiUrl;
    }

    /** Every page of one list, following {@code rel="next"}: at most {@link #MAX_PAGES}, never one page twice. */
    Set<String> names(URI first, Function<URI, HttpResponse<String>> get) {
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
            HttpResponse<String> response = get.apply(uri);
            names.addAll(parse(uri, response.body()));
            Optional<URI> next = nextLink(response);
            if (next.isEmpty()) {
                return names;
            }
            checkSameOrigin(uri, next.get());
            uri = next.get();
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
}
