package com.meatscentral.golden;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one git command in a work tree and hands back its exit and output. The callers word the
 * failures themselves, because only they know what the user was doing (building an image, checking
 * the migrations of a pull request) and so what the fix is.
 */
public final class GitCommand {

    /** What git answered: whether it exited 0, and its output (stdout and stderr together). */
    public record Outcome(boolean ok, String output) {}

    private GitCommand() {}

    /**
     * Runs {@code git -C workTree args...} with no input, waiting at most 60 s after its output ends.
     *
     * @throws IOException when git cannot be started or its output cannot be read
     */
    public static Outcome run(Path workTree, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-C", workTree.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream in = process.getInputStream()) {
            process.getOutputStream().close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            boolean ended = process.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly();
            }
            return new Outcome(ended && process.exitValue() == 0, out.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new GoldenException("Interrupted while running git", null);
        } catch (IOException e) {
            process.destroyForcibly();
            throw e;
        }
    }
}
