package com.meatscentral.golden.image;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a BuildKit build's plain progress ({@code docker build --progress=plain}): step lines at
 * info, everything else at debug, each step's last lines kept for the failure, whose words name
 * the failing step, or the engine when the client could not reach it.
 */
final class BuildKitProgress {

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

    private final Console console;
    private final Map<String, String> steps = new HashMap<>();
    private final Map<String, Deque<String>> tails = new HashMap<>();
    private final Set<String> announced = new HashSet<>();
    private final Deque<String> last = new ArrayDeque<>();
    private volatile String failedStep;

    BuildKitProgress(Console console) {
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
        Optional<String> noEngine = failedStep == null
                ? last.stream().filter(l -> NO_ENGINE.matcher(l).find()).reduce((a, b) -> b)
                : Optional.empty();
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
            tail.forEach(
                    l -> message.append(System.lineSeparator()).append("    ").append(l));
        }
        return new GoldenException(
                message.toString(), "fix the step in " + spec.dockerfilePath() + " (run with -X for the whole output)");
    }
}
