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
        Files.writeString(
                dockerConfig.resolve("config.json"), "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}");
    }

    RegistryCredentials credentials(Map<String, String> env, Map<String, RegistryCredentials.ServerLogin> servers) {
        return new RegistryCredentials(env, servers, dockerConfig, registered::add);
    }

    @Test
    void docrUsesDoAccessTokenAsUserAndPasswordBeforeSettingsAndDockerConfig() throws IOException {
        dockerLogin("registry.digitalocean.com", "cli-user", "cli-pass");
        var login = credentials(
                        Map.of("DO_ACCESS_TOKEN", "dop_v1_token"),
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
        var login = credentials(Map.of("GITHUB_ACTOR", "octocat", "GITHUB_TOKEN", "ghs_abcdef"), Map.of())
                .require("ghcr.io");
        assertThat(login.username()).isEqualTo("octocat");
        assertThat(login.password()).isEqualTo("ghs_abcdef");
        assertThat(login.describe()).isEqualTo("CI secrets GITHUB_ACTOR + GITHUB_TOKEN");
    }

    @Test
    void settingsServerComesSecondThenDockerConfig() throws IOException {
        dockerLogin("https://ghcr.io", "cli-user", "cli-pass");
        var withSettings = credentials(
                        Map.of("GITHUB_TOKEN", "only-token-no-actor"),
                        Map.of("ghcr.io", new RegistryCredentials.ServerLogin("s-user", "s-pass")))
                .require("ghcr.io");
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
                .hasMessageStartingWith(
                        "No credentials for registry registry.example.com: looked in settings.xml <server><id>registry.example.com</id>")
                .satisfies(e -> assertThat(((GoldenException) e).hint())
                        .get()
                        .asString()
                        .contains("registrySecret"));
    }

    /** A stand-in for docker-credential-NAME: answers "get" for one server as the real helpers do. */
    Path helper(String name, String server, String user, String secret) throws IOException {
        Path bin = Files.createDirectories(dockerConfig.resolve("bin"));
        Path exe = bin.resolve("docker-credential-" + name);
        Files.writeString(
                exe,
                "#!/bin/sh\n[ \"$1\" = get ] || exit 2\nread server\n"
                        + "if [ \"$server\" = '" + server + "' ]; then printf '{\"ServerURL\":\"%s\",\"Username\":\""
                        + user + "\",\"Secret\":\"" + secret + "\"}' \"$server\"; exit 0; fi\n"
                        + "echo 'credentials not found in native keychain'; exit 1\n");
        Files.setPosixFilePermissions(exe, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return bin;
    }

    @Test
    void theCredsStoreHelperIsAskedWithTheHostOnStdin() throws IOException {
        Path bin = helper("pass", "registry.example.com:5000", "helper-user", "helper-secret");
        Files.writeString(
                dockerConfig.resolve("config.json"),
                "{\"auths\":{\"registry.example.com:5000\":{}},\"credsStore\":\"pass\"}");
        var login = credentials(Map.of("PATH", bin.toString()), Map.of()).require("registry.example.com:5000");
        assertThat(login.username()).isEqualTo("helper-user");
        assertThat(login.password()).isEqualTo("helper-secret");
        assertThat(login.describe()).contains("credential helper pass");
        assertThat(registered).containsExactly("helper-secret");
    }

    @Test
    void aCredHelpersEntryWinsForItsHostAndAHelperWithoutTheLoginFallsBackToAuths() throws IOException {
        Path bin = helper("ecr-login", "ghcr.io", "ecr-user", "ecr-secret");
        String auth = Base64.getEncoder().encodeToString("cli-user:cli-pass".getBytes(StandardCharsets.UTF_8));
        Files.writeString(
                dockerConfig.resolve("config.json"),
                "{\"auths\":{\"https://registry.example.com/v1/\":{\"auth\":\"" + auth + "\"}},"
                        + "\"credHelpers\":{\"ghcr.io\":\"ecr-login\"},\"credsStore\":\"ecr-login\"}");
        RegistryCredentials creds = credentials(Map.of("PATH", bin.toString()), Map.of());
        assertThat(creds.require("ghcr.io").password()).isEqualTo("ecr-secret");
        var fallback = creds.require("registry.example.com");
        assertThat(fallback.username()).isEqualTo("cli-user");
        assertThat(fallback.password()).isEqualTo("cli-pass");
    }

    @Test
    void aHelperThatIsNotInstalledIsOneClearMessage() throws IOException {
        Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\":{},\"credsStore\":\"desktop\"}");
        assertThatThrownBy(() -> credentials(Map.of("PATH", dockerConfig.toString()), Map.of())
                        .require("ghcr.io"))
                .isInstanceOf(GoldenException.class)
                .hasMessage(
                        "The docker config names the credential helper 'desktop' but docker-credential-desktop is not on the PATH")
                .satisfies(e -> assertThat(((GoldenException) e).hint())
                        .get()
                        .asString()
                        .contains("install docker-credential-desktop"));
    }

    @Test
    void theManifestNamesTheDocrSecretForTheEnvironment() {
        java.nio.file.Path reference = java.nio.file.Path.of("..", "config", "env.manifest.json");
        var manifest = com.meatscentral.golden.manifest.ManifestLoader.load(reference);
        var login = credentials(Map.of("DO_ACCESS_TOKEN", "dop_v1_from_manifest"), Map.of())
                .withManifest(manifest, "uat2-backend")
                .require("registry.digitalocean.com");
        assertThat(login.describe()).isEqualTo("CI secret DO_ACCESS_TOKEN");
        assertThat(login.password()).isEqualTo("dop_v1_from_manifest");
    }
}
