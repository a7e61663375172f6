package com.meatscentral.golden.migrate;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.meatscentral.golden.Console;
import com.meatscentral.golden.Durations;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.secrets.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one migration container with docker-java: host network (the tunnel listens on the
 * host's loopback), env passed through the API (never a command line), output streamed
 * live and redacted, exit code returned. {@link #remove()} is safe at any time.
 */
public final class MigrationContainer {

    private final DockerClient docker;
    private final Redactor redactor;
    private final Console console;
    private volatile String containerId;
    private volatile boolean killRequested;
    private final List<com.github.dockerjava.api.model.Bind> binds = new java.util.ArrayList<>();
    private final ContainerOutput output;
    private ResultCallback.Adapter<Frame> logs;
    private WaitContainerResultCallback exited;
    private java.util.concurrent.CountDownLatch ended;

    public MigrationContainer(DockerClient docker, Redactor redactor, Console console) {
        this.docker = docker;
        this.redactor = redactor;
        this.console = console;
        this.output = new ContainerOutput(redactor, console);
    }

    /** Makes {@code hostFile} readable at {@code containerPath} (read-only), e.g. the database's root certificate. */
    public MigrationContainer mountReadOnly(java.nio.file.Path hostFile, String containerPath) {
        binds.add(new com.github.dockerjava.api.model.Bind(
                hostFile.toAbsolutePath().toString(),
                new com.github.dockerjava.api.model.Volume(containerPath),
                com.github.dockerjava.api.model.AccessMode.ro));
        return this;
    }

    /**
     * Creates, starts and waits for the container; streams each output line to the console.
     * Returns the exit code. The container stays until {@link #remove()}.
     */
    public int run(
            String image, Map<String, String> env, List<String> command, String name, java.time.Duration timeout) {
        start(image, env, command, name);
        return awaitExit(timeout);
    }

    /** Creates and starts the container and follows its output; {@link #awaitExit} waits for its end. */
    public void start(String image, Map<String, String> env, List<String> command, String name) {
        List<String> envList = env.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .toList();
        containerId = docker.createContainerCmd(image)
                .withName(name)
                .withEnv(envList)
                .withCmd(command)
                .withHostConfig(
                        HostConfig.newHostConfig().withNetworkMode("host").withBinds(binds))
                .withLabels(Map.of("com.meatscentral.golden", "migrate"))
                .exec()
                .getId();
        docker.startContainerCmd(containerId).exec();
        if (killRequested) {
            kill(); // the tunnel died while the container was being created
        }
        logs = docker.logContainerCmd(containerId)
                .withStdOut(true)
                .withStdErr(true)
                .withFollowStream(true)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        output.accept(frame.getStreamType(), frame.getPayload());
                    }
                });
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        this.ended = ended;
        // Its own latch: a callback's awaitCompletion(timeout) closes the stream when it times out.
        exited = docker.waitContainerCmd(containerId).exec(new WaitContainerResultCallback() {
            @Override
            public void onComplete() {
                super.onComplete();
                ended.countDown();
            }

            @Override
            public void onError(Throwable error) {
                super.onError(error);
                ended.countDown();
            }
        });
    }

    /**
     * Waits until the container printed a line {@link #capture} keeps (true) or ended without one
     * (false); killed at the deadline, as {@link #awaitExit} does.
     */
    public boolean awaitCaptured(java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!output.hasCaptured()) {
                if (ended.await(10, TimeUnit.MILLISECONDS)) {
                    logs.awaitCompletion(30, TimeUnit.SECONDS); // the last lines, the captured one among them
                    return output.hasCaptured();
                }
                if (System.nanoTime() > deadline) {
                    kill();
                    throw stillRunning(timeout);
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GoldenException("Interrupted while the migration container ran");
        }
    }

    /**
     * Writes {@code content} to the file {@code path} in the running container through the
     * engine's archive API (no program of the image needed, works with a remote engine too).
     *
     * @return false when the engine refused (e.g. the image has no such directory)
     */
    public boolean writeFile(String path, String content) {
        int slash = path.lastIndexOf('/');
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream tar = new java.io.ByteArrayOutputStream();
        try (org.apache.commons.compress.archivers.tar.TarArchiveOutputStream t =
                new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(tar)) {
            org.apache.commons.compress.archivers.tar.TarArchiveEntry entry =
                    new org.apache.commons.compress.archivers.tar.TarArchiveEntry(path.substring(slash + 1));
            entry.setSize(bytes.length);
            entry.setMode(0644);
            t.putArchiveEntry(entry);
            t.write(bytes);
            t.closeArchiveEntry();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // in memory: cannot happen
        }
        try {
            docker.copyArchiveToContainerCmd(containerId)
                    .withRemotePath(path.substring(0, Math.max(slash, 1)))
                    .withTarInputStream(new java.io.ByteArrayInputStream(tar.toByteArray()))
                    .exec();
            return true;
        } catch (RuntimeException e) {
            console.debug("    (writing " + path + " into the container failed: "
                    + redactor.redact(String.valueOf(e.getMessage())) + ")");
            return false;
        }
    }

    /** Waits for the container {@link #start} started; returns its exit code, killed at the deadline. */
    public int awaitExit(java.time.Duration timeout) {
        int exit;
        try {
            if (!exited.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw stillRunning(timeout);
            }
            exit = exited.awaitStatusCode();
            logs.awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GoldenException("Interrupted while the migration container ran");
        } finally {
            try {
                logs.close();
            } catch (java.io.IOException ignored) {
                // stream already ended
            }
            output.flush();
        }
        return exit;
    }

    private GoldenException stillRunning(java.time.Duration timeout) {
        output.flush(); // a prompt without its newline (a command waiting for input) is the line that explains it
        return new GoldenException(
                "The migration command was still running after " + Durations.human(timeout)
                        + " and was killed (last output: " + String.join(" | ", lastLines()) + ")",
                "a migration that waits for input or a lock never ends: check the command (--noinput) and"
                        + " locks held on the database; raise -Dgolden.migrate.timeoutMinutes for a long data migration");
    }

    /** Stops the container now (e.g. the tunnel died under it), or as soon as it has started. */
    public void kill() {
        killRequested = true;
        String id = containerId;
        if (id != null) {
            try {
                docker.killContainerCmd(id).exec();
            } catch (RuntimeException ignored) {
                // already stopped
            }
        }
    }

    /** Removes the container (forced); harmless when there is none. */
    public void remove() {
        String id = containerId;
        if (id == null) {
            return;
        }
        try {
            docker.removeContainerCmd(id)
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec();
        } catch (NotFoundException gone) {
            // already removed
        }
        containerId = null;
    }

    public String containerId() {
        return containerId;
    }

    /** The last lines of output, redacted: what a failure message shows. */
    public List<String> lastLines() {
        return output.lastLines();
    }

    /** Output lines starting with {@code prefix} are kept for {@link #captured()} instead of being logged (a result, not progress). */
    public MigrationContainer capture(String prefix) {
        output.capture(prefix);
        return this;
    }

    public List<String> captured() {
        return output.captured();
    }
}
