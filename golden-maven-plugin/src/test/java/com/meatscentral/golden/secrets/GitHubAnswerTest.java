package com.meatscentral.golden.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitHubAnswerTest {

    private static HttpHeaders headers(Map<String, List<String>> map) {
        return HttpHeaders.of(map, (k, v) -> true);
    }

    @Test
    void theBodysMessageDecidesASecondaryLimitWhenNoHeaderSaysSo() {
        GitHubAnswer answer = GitHubAnswer.of(
                403,
                headers(Map.of()),
                GitHubAnswer.message("{\"message\":\"You have exceeded a secondary rate limit\"}"));

        assertThat(answer.message()).isEqualTo("You have exceeded a secondary rate limit");
        assertThat(answer.rateLimit()).isEqualTo(GitHubRetry.RateLimit.SECONDARY);
    }

    @Test
    void anExhaustedQuotaIsAPrimaryLimitAndAPlain403IsNone() {
        assertThat(GitHubAnswer.of(403, headers(Map.of("x-ratelimit-remaining", List.of("0"))), "")
                        .rateLimit())
                .isEqualTo(GitHubRetry.RateLimit.PRIMARY);
        assertThat(GitHubAnswer.of(
                                403,
                                headers(Map.of()),
                                GitHubAnswer.message("{\"message\":\"Resource not accessible\"}"))
                        .rateLimit())
                .isEqualTo(GitHubRetry.RateLimit.NONE);
    }

    @Test
    void aBodyThatIsNotJsonHasNoMessage() {
        assertThat(GitHubAnswer.message("<html>502</html>")).isEmpty();
    }
}
