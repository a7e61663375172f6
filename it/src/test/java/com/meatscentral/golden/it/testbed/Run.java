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

    /**
     * {@code command} with {@code env} added to this process's, fed {@code stdin}. After {@code timeout}
     * it and its children (a docker client's plugin, say) are killed and the test fails with what it
     * had printed so far.
     */
    public static Result run(List<String> command, Map<String, String> env, String stdin, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            // Drain while it runs: a full pipe would block the process.
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> drain(p.getInputStream(), printed));
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(
                        "timed out after " + timeout + ": " + String.join(" ", command) + "\n" + text(printed));
            }
            // A child that inherited the pipe may hold it open after the process ended: bounded too.
            drained.completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
            return new Result(p.exitValue(), text(printed));
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

    private static void drain(InputStream in, ByteArrayOutputStream printed) {
        byte[] buf = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                synchronized (printed) {
                    printed.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // the process was killed: what it printed so far is kept
        }
    }

    private static String text(ByteArrayOutputStream printed) {
        synchronized (printed) {
            return printed.toString(StandardCharsets.UTF_8);
        }
    }
}
