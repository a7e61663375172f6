package com.meatscentral.golden.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCredentialsTest {

    @TempDir
    Path dockerConfig;

    final List<String> registered = new ArrayList<>();

    void dockerLogin(String host, String user, String password) throws IOException {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}");
    }

    RegistryCredentials credentials(Map<String, String> env, Map<String, RegistryCredentials.ServerLogin> servers) {
        return new RegistryCredentials(env, servers, dockerConfig, registered::add);
    }

    @Test
    void docrUsesDoAccessTokenAsUserAndPasswordBeforeSettingsAndDockerConfig() throws IOException {
        dockerLogin("registry.digitalocean.com", "cli-user", "cli-pass");
        var login = credentials(Map.of("DO_ACCESS_TOKEN", "dop_v1_token"),
                Map.of("registry.digitalocean.com", new RegistryCredentials.ServerLogin("s-user", "s-pass")))
                .require("registry.digitalocean.com");
        assertThat(login.username()).isEqualTo("dop_v1_token");
        assertThat(login.password()).isEqualTo("dop_v1_token");
        assertThat(login.source()).isEqualTo(RegistryCredentials.Source.ENVIRONMENT);
        assertThat(login.describe()).isEqualTo("CI secret DO_ACCESS_TOKEN");
        assertThat(registered).containsExactly("dop_v1_token");
        assertThat(login.toString()).doesNotContain("dop_v1_token");
    }

    @Test
    void ghcrUsesGithubActorAndToken() {
        var login = credentials(Map.of("GITHUB_ACTOR", "octocat", "GITHUB_TOKEN", "ghs_abcdef"), Map.of()).require("ghcr.io");
        assertThat(login.username()).isEqualTo("octocat");
        assertThat(login.password()).isEqualTo("ghs_abcdef");
        assertThat(login.describe()).isEqualTo("CI secrets GITHUB_ACTOR + GITHUB_TOKEN");
    }

    @Test
    void settingsServerComesSecondThenDockerConfig() throws IOException {
        dockerLogin("https://ghcr.io", "cli-user", "cli-pass");
        var withSettings = credentials(Map.of("GITHUB_TOKEN", "only-token-no-actor"),
                Map.of("ghcr.io", new RegistryCredentials.ServerLogin("s-user", "s-pass"))).require("ghcr.io");
        assertThat(withSettings.source()).isEqualTo(RegistryCredentials.Source.MAVEN_SETTINGS);
        assertThat(withSettings.username()).isEqualTo("s-user");

        var withCli = credentials(Map.of(), Map.of()).require("ghcr.io");
        assertThat(withCli.source()).isEqualTo(RegistryCredentials.Source.DOCKER_CONFIG);
        assertThat(withCli.username()).isEqualTo("cli-user");
        assertThat(withCli.password()).isEqualTo("cli-pass");
    }

    @Test
    void anyHostCanBeMappedToSecrets() {
        var creds = credentials(Map.of("DO_ACCESS_TOKEN", "tok", "REG_USER", "u", "REG_PASS", "p"), Map.of())
                .withSecretMapping("registry.golden.test:5000=DO_ACCESS_TOKEN")
                .withSecretMapping("other.example:443=REG_USER:REG_PASS");
        assertThat(creds.require("registry.golden.test:5000").username()).isEqualTo("tok");
        assertThat(creds.require("other.example:443").password()).isEqualTo("p");
    }

    @Test
    void anUnknownRegistryWithoutCredentialsIsOneClearMessage() {
        assertThatThrownBy(() -> credentials(Map.of(), Map.of()).require("registry.example.com"))
                .isInstanceOf(GoldenException.class)
                .hasMessageStartingWith("No credentials for registry registry.example.com: looked in settings.xml <server><id>registry.example.com</id>")
                .satisfies(e -> assertThat(((GoldenException) e).hint()).get().asString().contains("registrySecret"));
    }

    @Test
    void aCredentialHelperIsNamedAsUnsupported() throws IOException {
        Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\":{},\"credsStore\":\"desktop\"}");
        assertThatThrownBy(() -> credentials(Map.of(), Map.of()).require("ghcr.io"))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("CI secrets GITHUB_ACTOR + GITHUB_TOKEN")
                .satisfies(e -> assertThat(((GoldenException) e).hint()).get().asString()
                        .contains("credential helper 'desktop'").contains("not supported"));
    }

    @Test
    void theManifestNamesTheDocrSecretForTheEnvironment() {
        java.nio.file.Path reference = java.nio.file.Path.of("..", "config", "env.manifest.json");
        var manifest = com.meatscentral.golden.manifest.ManifestLoader.load(reference);
        var login = credentials(Map.of("DO_ACCESS_TOKEN", "dop_v1_from_manifest"), Map.of())
                .withManifest(manifest, "uat2-backend").require("registry.digitalocean.com");
        assertThat(login.describe()).isEqualTo("CI secret DO_ACCESS_TOKEN");
        assertThat(login.password()).isEqualTo("dop_v1_from_manifest");
    }
}
