package com.meatscentral.golden.secrets;

import com.meatscentral.golden.GoldenException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and as whom to call GitHub: API base URL ({@code GITHUB_API_URL}, default the
 * public API), repository ({@code -Dgolden.github.repository} or {@code GITHUB_REPOSITORY}),
 * token ({@code GITHUB_TOKEN}, {@code GH_TOKEN}, or a settings.xml server's password), and the
 * proxy to reach it through (settings.xml's {@code <proxy>}, see {@link #withProxy}).
 * {@link #toString()} never shows the token.
 */
public record GitHubAccess(
        URI apiUrl,
        Optional<String> repository,
        Optional<String> token,
        String tokenSource,
        Optional<HttpProxy> proxy) {

    public GitHubAccess(URI apiUrl, Optional<String> repository, Optional<String> token, String tokenSource) {
        this(apiUrl, repository, token, tokenSource, Optional.empty());
    }

    public static final URI PUBLIC_API = URI.create("https://api.github.com");
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

    /**
     * @param env            the process environment
     * @param repository     {@code -Dgolden.github.repository}, wins over GITHUB_REPOSITORY
     * @param apiUrl         {@code -Dgolden.github.apiUrl}, wins over GITHUB_API_URL
     * @param serverToken    the password of the settings.xml server, when configured
     * @param serverId       that server's id, for messages
     */
    public static GitHubAccess resolve(
            Map<String, String> env,
            Optional<String> repository,
            Optional<String> apiUrl,
            Optional<String> serverToken,
            String serverId) {
        String url =
                nonBlank(apiUrl).or(() -> nonBlank(env.get("GITHUB_API_URL"))).orElse(PUBLIC_API.toString());
        URI api;
        try {
            api = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            if (api.getScheme() == null
                    || !(api.getScheme().equals("https") || api.getScheme().equals("http"))
                    || api.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new GoldenException(
                    "GITHUB_API_URL '" + url + "' is not an http(s) URL",
                    "unset it for github.com, or set it to your GitHub Enterprise API, e.g. https://github.example.com/api/v3");
        }
        if (api.getScheme().equals("http") && !isLoopback(api.getHost())) {
            throw new GoldenException(
                    "GITHUB_API_URL '" + url + "' is plain http: the token would travel in clear text",
                    "use the https:// URL of the API (github.com: unset GITHUB_API_URL; GitHub Enterprise:"
                            + " https://HOST/api/v3); plain http is accepted only for a loopback address (a local stand-in)");
        }
        Optional<String> repo = nonBlank(repository).or(() -> nonBlank(env.get("GITHUB_REPOSITORY")));
        repo.ifPresent(r -> {
            if (!REPOSITORY.matcher(r).matches()) {
                throw new GoldenException(
                        "GitHub repository '" + r + "' is not of the form owner/name",
                        "set -Dgolden.github.repository=owner/name (or GITHUB_REPOSITORY)");
            }
        });
        if (nonBlank(env.get("GITHUB_TOKEN")).isPresent()) {
            return new GitHubAccess(api, repo, nonBlank(env.get("GITHUB_TOKEN")), "GITHUB_TOKEN");
        }
        if (nonBlank(env.get("GH_TOKEN")).isPresent()) {
            return new GitHubAccess(api, repo, nonBlank(env.get("GH_TOKEN")), "GH_TOKEN");
        }
        if (nonBlank(serverToken).isPresent()) {
            return new GitHubAccess(api, repo, nonBlank(serverToken), "settings.xml server '" + serverId + "'");
        }
        return new GitHubAccess(api, repo, Optional.empty(), "none");
    }

    /** localhost or a loopback IP literal; never resolves a name (no DNS answer can make a host "local"). */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return java.net.InetAddress.getByName(h).isLoopbackAddress(); // a literal: parsed, not looked up
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** The same access through {@code proxy} (none: direct). */
    public GitHubAccess withProxy(Optional<HttpProxy> proxy) {
        return new GitHubAccess(apiUrl, repository, token, tokenSource, proxy);
    }

    public boolean hasToken() {
        return token.isPresent();
    }

    public String requireRepository() {
        return repository.orElseThrow(() -> new GoldenException(
                "No GitHub repository to audit: neither -Dgolden.github.repository nor GITHUB_REPOSITORY is set",
                "run with -Dgolden.github.repository=owner/name (GitHub Actions sets GITHUB_REPOSITORY itself)"));
    }

    private static Optional<String> nonBlank(Optional<String> s) {
        return s.filter(v -> !v.isBlank()).map(String::strip);
    }

    private static Optional<String> nonBlank(String s) {
        return nonBlank(Optional.ofNullable(s));
    }

    @Override
    public String toString() {
        return "GitHubAccess[" + apiUrl + ", " + repository.orElse("?") + ", token from " + tokenSource
                + proxy.map(p -> ", through " + p.host() + ":" + p.port()).orElse("") + "]";
    }
}
