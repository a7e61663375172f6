package com.meatscentral.golden.ssh;

/**
 * What a remote command did. {@code exitStatus} is -1 when it ended by a signal
 * ({@code exitSignal} then names it). Output is kept up to {@link #MAX_KEPT_CHARS} per stream
 * (the tail beyond is dropped, {@code truncated} says so); callbacks saw every line.
 */
public record ExecResult(int exitStatus, String exitSignal, String stdout, String stderr, boolean truncated) {

    public static final int MAX_KEPT_CHARS = 4 * 1024 * 1024;

    public boolean ok() {
        return exitStatus == 0;
    }

    /** The last {@code n} lines of stderr, else of stdout: what a failure message shows. */
    public String lastLines(int n) {
        String text = stderr.isBlank() ? stdout : stderr;
        String[] lines = text.strip().split("\n");
        int from = Math.max(0, lines.length - n);
        return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
}
