package com.meatscentral.golden.image;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One image built by the engine's BuildKit through a docker CLI ({@link DockerCli}) with
 * {@code DOCKER_BUILDKIT=1 docker build --progress=plain}: docker-java cannot drive BuildKit
 * (it needs the CLI's gRPC session for the context, cache mounts and secrets). The client sends
 * the context itself and applies {@code .dockerignore}. Progress: one info line per Dockerfile
 * step, the rest at debug, the failing step's last lines in the error. Secrets reach the client
 * through its environment ({@link BuildSecrets}), never its command line.
 */
final class BuildKitBuild {

    private final DockerCli cli;
    private final Map<String, String> env;
    private final Console console;
    private final Duration timeout;

    BuildKitBuild(DockerCli cli, Map<String, String> env, Console console, Duration timeout) {
        this.cli = cli;
        this.env = Map.copyOf(env);
        this.console = console;
        this.timeout = timeout;
    }

    /**
     * The client's arguments for one build; values of secrets are not among them. The client writes
     * the image id to {@code iidFile} once the image and its tags exist, which saves asking the
     * engine for it afterwards.
     */
    static List<String> arguments(
            ImageSpec spec,
            List<String> tags,
            Map<String, String> labels,
            Map<String, String> buildArgs,
            boolean noCache,
            BuildSecrets secrets,
            Path iidFile) {
        List<String> args = new ArrayList<>(List.of(
                "build",
                "--progress=plain",
                "--iidfile",
                iidFile.toString(),
                "-f",
                spec.dockerfilePath().toAbsolutePath().toString()));
        if (spec.target() != null) {
            args.addAll(List.of("--target", spec.target()));
        }
        if (noCache) {
            args.add("--no-cache");
        }
        buildArgs.forEach((k, v) -> args.addAll(List.of("--build-arg", k + "=" + v)));
        labels.forEach((k, v) -> args.addAll(List.of("--label", k + "=" + v)));
        tags.forEach(t -> args.addAll(List.of("-t", t)));
        args.addAll(secrets.cliArguments());
        args.add(spec.contextDir().toAbsolutePath().normalize().toString());
        return args;
    }

    /** Builds the image; returns its id as the client wrote it ({@code sha256:...}), empty when it wrote none. */
    Optional<String> build(
            ImageSpec spec,
            List<String> tags,
            Map<String, String> labels,
            Map<String, String> buildArgs,
            boolean noCache,
            BuildSecrets secrets) {
        if (!secrets.isEmpty() && !cli.secretsFromEnvironment()) {
            throw new GoldenException(
                    "Build secrets need a docker client 20.10 or later; " + cli + " is older",
                    "install a newer docker client (Debian: docker.io), or build without -Dgolden.build.secrets");
        }
        Path iidFile;
        try {
            iidFile = Files.createTempFile("golden-iid-", ".txt");
        } catch (IOException e) {
            throw new GoldenException(
                    "Cannot create a temporary file for the image id: " + e.getMessage(),
                    "check that java.io.tmpdir (" + System.getProperty("java.io.tmpdir") + ") is writable");
        }
        try {
            run(spec, secrets, arguments(spec, tags, labels, buildArgs, noCache, secrets, iidFile));
            String id = Files.readString(iidFile, StandardCharsets.UTF_8).strip();
            return id.startsWith("sha256:") ? Optional.of(id) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } finally {
            try {
                Files.deleteIfExists(iidFile);
            } catch (IOException e) {
                // A leftover id file in the temp directory holds nothing secret.
            }
        }
    }

    private void run(ImageSpec spec, BuildSecrets secrets, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(cli.executable().toString()));
        command.addAll(arguments);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("DOCKER_BUILDKIT", "1");
        pb.environment().putAll(secrets.environment());
        BuildKitProgress progress = new BuildKitProgress(console);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new GoldenException(
                    "Cannot run " + cli.executable() + ": " + e.getMessage(),
                    "check the docker client, or build with -Dgolden.build.builder=legacy");
        }
        Thread reader = new Thread(() -> progress.read(process), "golden-buildkit-" + spec.name());
        reader.setDaemon(true);
        reader.start();
        int exit;
        try {
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
                process.destroyForcibly();
                throw new GoldenException(
                        "Build of image " + spec.name() + " did not finish within " + timeout,
                        "raise -Dgolden.build.timeout, or find the slow step with -X");
            }
            exit = process.exitValue();
            reader.join(10_000);
        } catch (InterruptedException e) {
            process.destroy(); // the client cancels the build on SIGTERM
            Thread.currentThread().interrupt();
            throw new GoldenException("Build of " + spec.name() + " interrupted", null);
        } catch (IOException e) {
            exit = -1;
        }
        if (exit != 0) {
            throw progress.failure(spec, exit);
        }
    }
}
