package com.meatscentral.golden.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildSecretsTest {

    final List<String> registered = new ArrayList<>();

    @Test
    void secretsAreNamedAndTheirValuesGoToTheClientsEnvironmentNeverItsArguments() {
        BuildSecrets secrets = BuildSecrets.resolve(
                List.of("NPM_TOKEN", "pip=PIP_INDEX_TOKEN"),
                Map.of("NPM_TOKEN", "npm-value-1", "PIP_INDEX_TOKEN", "pip-value-2"),
                registered::add);
        assertThat(secrets.ids()).containsExactly("NPM_TOKEN", "pip");
        assertThat(registered).containsExactly("npm-value-1", "pip-value-2");
        assertThat(secrets.cliArguments())
                .containsExactly(
                        "--secret",
                        "id=NPM_TOKEN,env=GOLDEN_BUILD_SECRET_0",
                        "--secret",
                        "id=pip,env=GOLDEN_BUILD_SECRET_1");
        assertThat(secrets.environment())
                .containsExactly(
                        Map.entry("GOLDEN_BUILD_SECRET_0", "npm-value-1"),
                        Map.entry("GOLDEN_BUILD_SECRET_1", "pip-value-2"));
        assertThat(secrets.toString()).doesNotContain("npm-value-1").doesNotContain("pip-value-2");
        List<String> args = BuildKitBuild.arguments(
                new ImageSpec("backend", java.nio.file.Path.of("/ctx"), null, null, Map.of()),
                List.of("r/backend:dev-1"),
                Map.of(),
                Map.of(),
                false,
                secrets,
                java.nio.file.Path.of("/tmp/iid"));
        assertThat(String.join(" ", args)).doesNotContain("npm-value-1").doesNotContain("pip-value-2");
    }

    @Test
    void everyMissingOrMalformedSecretIsReportedAtOnce() {
        assertThatThrownBy(() -> BuildSecrets.resolve(
                        List.of("NPM_TOKEN", "pip=PIP_TOKEN", "token=abc def"), Map.of(), registered::add))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("secret NPM_TOKEN is not set in the environment")
                .hasMessageContaining("secret PIP_TOKEN (id pip) is not set")
                .hasMessageContaining("'token=abc def' is not NAME or ID=NAME")
                .satisfies(e -> assertThat(((GoldenException) e).hint()).isPresent());
    }

    @Test
    void noneIsEmpty() {
        assertThat(BuildSecrets.resolve(null, Map.of(), registered::add).isEmpty())
                .isTrue();
        assertThat(BuildSecrets.resolve(List.of(" "), Map.of(), registered::add).isEmpty())
                .isTrue();
    }
}
