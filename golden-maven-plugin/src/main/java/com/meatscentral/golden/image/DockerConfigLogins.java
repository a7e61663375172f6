package com.meatscentral.golden.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.core.DockerConfigFile;
import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Logins from the docker CLI's {@code config.json}, looked up as the CLI does: the host's
 * credential helper ({@code credHelpers}, else {@code credsStore}), then its {@code auths} entry.
 */
final class DockerConfigLogins {

    private final Path dockerConfigDir;
    private final Map<String, String> env;

    /** @param env the process environment the credential helper runs with */
    DockerConfigLogins(Path dockerConfigDir, Map<String, String> env) {
        this.dockerConfigDir = dockerConfigDir;
        this.env = env;
    }

    /**
     * As the docker CLI: a {@code credHelpers} entry for the host, else {@code credsStore}, is asked
     * first ({@link DockerCredentialHelper}); then the {@code auths} entry (read by docker-java's
     * {@link DockerConfigFile}, which decodes {@code auth}).
     */
    Optional<RegistryCredentials.Login> find(String host) {
        Path file = dockerConfigDir.resolve("config.json");
        Optional<JsonNode> config = dockerConfig();
        if (config.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> helper = dockerConfigHelper(config.get(), host);
        if (helper.isPresent()) {
            Optional<DockerCredentialHelper.Answer> answer = new DockerCredentialHelper(helper.get(), env).get(host);
            if (answer.isPresent()) {
                return Optional.of(new RegistryCredentials.Login(
                        host,
                        answer.get().username(),
                        answer.get().secret(),
                        RegistryCredentials.Source.DOCKER_CONFIG,
                        file + " credential helper " + helper.get()));
            }
        }
        DockerConfigFile parsed;
        try {
            parsed = DockerConfigFile.loadConfig(dockerConfigDir.toString());
        } catch (IOException | RuntimeException e) {
            throw new GoldenException(
                    "Cannot read " + file + ": " + ImageBuilder.rootMessage(e),
                    "run `docker login " + host + "` again, or fix or remove the file");
        }
        for (Map.Entry<String, AuthConfig> entry : parsed.getAuths().entrySet()) {
            AuthConfig auth = entry.getValue();
            if (RegistryCredentials.normalizeHost(entry.getKey()).equals(host)
                    && !RegistryCredentials.isBlank(auth.getUsername())
                    && !RegistryCredentials.isBlank(auth.getPassword())) {
                return Optional.of(new RegistryCredentials.Login(
                        host,
                        auth.getUsername(),
                        auth.getPassword(),
                        RegistryCredentials.Source.DOCKER_CONFIG,
                        file.toString()));
            }
        }
        return Optional.empty();
    }

    /** The credential helper config.json names for the host, if any. */
    Optional<String> helperFor(String host) {
        return dockerConfig().flatMap(config -> dockerConfigHelper(config, host));
    }

    private static Optional<String> dockerConfigHelper(JsonNode config, String host) {
        for (var it = config.path("credHelpers").fields(); it.hasNext(); ) {
            var entry = it.next();
            if (RegistryCredentials.normalizeHost(entry.getKey()).equals(host)
                    && entry.getValue().isTextual()
                    && !entry.getValue().asText().isBlank()) {
                return Optional.of(entry.getValue().asText());
            }
        }
        JsonNode store = config.path("credsStore");
        return store.isTextual() && !store.asText().isBlank() ? Optional.of(store.asText()) : Optional.empty();
    }

    private Optional<JsonNode> dockerConfig() {
        Path file = dockerConfigDir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ObjectMapper().readTree(file.toFile()));
        } catch (IOException e) {
            throw new GoldenException(
                    "Cannot read " + file + ": " + e.getMessage(), "fix or remove the file (docker login rewrites it)");
        }
    }
}
