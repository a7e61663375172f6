package com.meatscentral.golden.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meatscentral.golden.GoldenException;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Docker credential helper ({@code credsStore} / {@code credHelpers} of config.json), run as
 * the docker CLI runs it: {@code docker-credential-<name> get}, the server on stdin, JSON
 * {@code {"ServerURL","Username","Secret"}} on stdout. "Not found" is an answer, not an error.
 */
final class DockerCredentialHelper {

    static final long TIMEOUT_SECONDS = 30;
    private static final String NOT_FOUND = "credentials not found";

    record Answer(String username, String secret) {
        @Override
        public String toString() {
            return "Answer[" + username + "]";
        }
    }

    private final String name;
    private final Map<String, String> env;

    DockerCredentialHelper(String name, Map<String, String> env) {
        this.name = name;
        this.env = env;
    }

    String executableName() {
        return "docker-credential-" + name;
    }

    /** The helper's login for {@code host}; empty when it has none. */
    Optional<Answer> get(String host) {
        Path exe = locate().orElseThrow(() -> new GoldenException(
                "The docker config names the credential helper '" + name + "' but " + executableName()
                        + " is not on the PATH",
                "install " + executableName()
                        + ", or remove \"credsStore\"/\"credHelpers\" from config.json and log in again"));
        // The CLI asks for Docker Hub by its index URL and for any other registry by its host.
        String server = host.equals("docker.io") ? "https://index.docker.io/v1/" : host;
        ProcessBuilder pb = new ProcessBuilder(List.of(exe.toString(), "get"));
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            Path stderr = Files.createTempFile("golden-credential-helper", ".err");
            try {
                pb.redirectError(stderr.toFile());
                Process p = pb.start();
                try (OutputStream in = p.getOutputStream()) {
                    in.write((server + "\n").getBytes(StandardCharsets.UTF_8));
                }
                // The answer is one small JSON object: it fits the pipe, so waiting first cannot block the helper.
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new GoldenException(
                            executableName() + " get did not answer within " + TIMEOUT_SECONDS + " s",
                            "check that the credential store is unlocked, or log in with a CI secret instead");
                }
                String out = new String(p.getInputStream().readNBytes(256 * 1024), StandardCharsets.UTF_8).strip();
                if (p.exitValue() != 0) {
                    String err = (out + " " + Files.readString(stderr)).strip();
                    if (err.toLowerCase(java.util.Locale.ROOT).contains(NOT_FOUND)) {
                        return Optional.empty();
                    }
                    throw new GoldenException(
                            executableName() + " get failed for " + server + " (exit " + p.exitValue() + ")",
                            "run `echo " + server + " | " + executableName() + " get` to see why, or `docker login "
                                    + host + "` again");
                }
                JsonNode json = new ObjectMapper().readTree(out);
                String user = json.path("Username").asText("");
                String secret = json.path("Secret").asText("");
                return secret.isEmpty() ? Optional.empty() : Optional.of(new Answer(user, secret));
            } finally {
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new GoldenException(
                    "Cannot run " + executableName() + ": " + e.getMessage(),
                    "check the credential helper, or log in with a CI secret instead");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GoldenException("Interrupted while asking " + executableName(), null);
        }
    }

    private Optional<Path> locate() {
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                Path exe = Path.of(dir, executableName());
                if (Files.isRegularFile(exe) && Files.isExecutable(exe)) {
                    return Optional.of(exe);
                }
            }
        }
        return Optional.empty();
    }
}
