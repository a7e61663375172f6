package com.meatscentral.golden.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.Locale;

/**
 * A GitHub answer other than 200, read once: its status, headers, the {@code "message"} of its
 * JSON body and what kind of rate limit it is. Both the retry decision ({@link GitHubRetry}) and
 * the final message ({@link GitHubFailures}) look at this, so the body is parsed once per answer.
 */
record GitHubAnswer(int status, HttpHeaders headers, String message, GitHubRetry.RateLimit rateLimit) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static GitHubAnswer of(HttpResponse<String> response) {
        return of(response.statusCode(), response.headers(), message(response.body()));
    }

    static GitHubAnswer of(int status, HttpHeaders headers, String message) {
        return new GitHubAnswer(status, headers, message, rateLimit(status, headers, message));
    }

    /** The JSON body's {@code "message"}, empty when there is none or the body is not JSON. */
    static String message(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            return root == null ? "" : root.path("message").asText("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static GitHubRetry.RateLimit rateLimit(int status, HttpHeaders headers, String message) {
        if (status != 403 && status != 429) {
            return GitHubRetry.RateLimit.NONE;
        }
        if (headers.firstValue("x-ratelimit-remaining")
                .map(v -> v.strip().equals("0"))
                .orElse(false)) {
            return GitHubRetry.RateLimit.PRIMARY;
        }
        if (status == 429
                || headers.firstValue("retry-after").isPresent()
                || message.toLowerCase(Locale.ROOT).contains("rate limit")) {
            return GitHubRetry.RateLimit.SECONDARY;
        }
        return GitHubRetry.RateLimit.NONE;
    }
}
