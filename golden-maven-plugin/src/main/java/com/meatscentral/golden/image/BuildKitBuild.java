package com.meatscentral.golden.image;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One image built by the engine's BuildKit through a docker CLI ({@link DockerCli}) with
 * {@code DOCKER_BUILDKIT=1 docker build --progress=plain}: docker-java cannot drive BuildKit
 * (it needs the CLI's gRPC session for the context, cache mounts and secrets). The client sends
 * the context itself and applies {@code .dockerignore}. Progress: one info line per Dockerfile
 * step, the rest at debug, the failing step's last lines in the error. Secrets reach the client
 * through its environment ({@link BuildSecrets}), never its command line.
 */
final class BuildKitBuild {

    /** {@code #7 [stage 2/4] RUN ...} or {@code #7 [2/4] COPY ...}: a Dockerfile step (not [internal]). */
    private static final Pattern STEP = Pattern.compile("^#(\\d+) (\\[[^\\]]*\\d+/\\d+\\] .*)$");

    private static final Pattern LINE = Pattern.compile("^#(\\d+) (.*)$");

    /** The client reached the engine's socket but may not use it (not in the docker group, or rootless). */
    private static final String REFUSED_SOCKET = "permission denied while trying to connect to the Docker daemon";

    private static final Pattern NO_PERMISSION = Pattern.compile("(?i)" + REFUSED_SOCKET);

    /**
     * The client's words when it cannot reach the engine (20.10: "failed to dial gRPC: cannot connect
     * to the Docker daemon..."), a refused socket among them.
     */
    private static final Pattern NO_ENGINE =
            Pattern.compile("(?i)cannot connect to the Docker daemon|error during connect|" + REFUSED_SOCKET);

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
        Progress progress = new Progress(console);
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

    /** Reads the plain progress: step lines at info, everything else at debug, each step's last lines kept. */
    static final class Progress {
        private final Console console;
        private final Map<String, String> steps = new HashMap<>();
        private final Map<String, Deque<String>> tails = new HashMap<>();
        private final Set<String> announced = new HashSet<>();
        private final Deque<String> last = new ArrayDeque<>();
        private volatile String failedStep;

        Progress(Console console) {
            this.console = console;
        }

        void read(Process process) {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    line(line);
                }
            } catch (IOException e) {
                console.debug("    (build output ended: " + e.getMessage() + ")");
            }
        }

        synchronized void line(String raw) {
            String line = raw.stripTrailing();
            if (line.isBlank()) {
                return;
            }
            Matcher step = STEP.matcher(line);
            if (step.matches()) {
                steps.put(step.group(1), step.group(2));
                if (announced.add(step.group(1))) {
                    console.info("  " + step.group(2));
                    return;
                }
            }
            console.debug("    " + line);
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                String id = m.group(1);
                if (m.group(2).startsWith("ERROR")) {
                    failedStep = id;
                }
                Deque<String> tail = tails.computeIfAbsent(id, k -> new ArrayDeque<>());
                tail.addLast(m.group(2).replaceFirst("^\\d+\\.\\d+ ", ""));
                if (tail.size() > ImageBuilder.TAIL_LINES) {
                    tail.removeFirst();
                }
            } else {
                last.addLast(line);
                if (last.size() > 3) {
                    last.removeFirst();
                }
            }
        }

        synchronized GoldenException failure(ImageSpec spec, int exit) {
            // golden leaves the engine to the client (no docker-java connection first), so the client's words say
            // it: any of its last lines (buildx puts "ERROR: " before them and may add a line after).
            java.util.Optional<String> noEngine = failedStep == null
                    ? last.stream().filter(l -> NO_ENGINE.matcher(l).find()).reduce((a, b) -> b)
                    : java.util.Optional.empty();
            if (noEngine.isPresent()) {
                String words = noEngine.get().strip();
                return new GoldenException(
                        "Cannot reach the Docker engine to build image " + spec.name() + ": " + words,
                        NO_PERMISSION.matcher(words).find()
                                ? "this user may not use the engine's socket: add it to the docker group"
                                        + " (`sudo usermod -aG docker $USER`, then log in again) or check the socket's"
                                        + " permissions and DOCKER_HOST"
                                : "start a daemon (`dockerd`, or `sudo systemctl start docker`) or point DOCKER_HOST"
                                        + " at one, e.g. DOCKER_HOST=unix:///var/run/docker.sock");
            }
            StringBuilder message = new StringBuilder("Build of image " + spec.name() + " failed");
            String step = failedStep == null ? null : steps.get(failedStep);
            if (step != null) {
                message.append(" at ").append(step);
            }
            String error = last.isEmpty()
                    ? "docker build exited with " + exit
                    : last.getLast().strip();
            message.append(": ").append(error);
            Deque<String> tail = failedStep == null ? null : tails.get(failedStep);
            if (tail != null && !tail.isEmpty()) {
                message.append(System.lineSeparator()).append("  last output:");
                tail.forEach(l ->
                        message.append(System.lineSeparator()).append("    ").append(l));
            }
            return new GoldenException(
                    message.toString(),
                    "fix the step in " + spec.dockerfilePath() + " (run with -X for the whole output)");
        }
    }
}
