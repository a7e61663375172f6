package com.meatscentral.golden.it.testbed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command line tool (ssh, psql, docker) as a user would, output and error merged. */
public final class Run {

    public record Result(int exit, String output) {
        Result ok() {
            if (exit != 0) {
                throw new AssertionError("exit " + exit + ":\n" + output);
            }
            return this;
        }
    }

    private Run() {}

    /** {@code command} with {@code env} added to this process's, fed {@code stdin}; killed after {@code timeout}. */
    public static Result run(List<String> command, Map<String, String> env, String stdin, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            // Drain while it runs: a full pipe would block the process.
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("timed out after " + timeout + ": " + command.get(0) + "\n" + out.getNow(""));
            }
            return new Result(p.exitValue(), out.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** As {@link #run}, for a command the test needs to succeed: its output, or an error naming the command. */
    public static String succeed(List<String> command, Map<String, String> env, String stdin, Duration timeout) {
        Result r = run(command, env, stdin, timeout);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + ": exit " + r.exit() + "\n" + r.output());
        }
        return r.output();
    }

    static Result run(List<String> command) {
        return run(command, Map.of(), null, Duration.ofSeconds(60));
    }

    private static String drain(InputStream in) {
        try (in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
