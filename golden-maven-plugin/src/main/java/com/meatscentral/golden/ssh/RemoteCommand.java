package com.meatscentral.golden.ssh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A command to run on the server: argv (quoted by {@link ShellQuote}), optional bytes for its
 * stdin (how a secret reaches e.g. {@code docker login --password-stdin}), a timeout, and
 * optional callbacks that see each output line while it runs.
 */
public record RemoteCommand(
        List<String> argv,
        byte[] stdin,
        Duration timeout,
        Consumer<String> onStdoutLine,
        Consumer<String> onStderrLine) {

    public RemoteCommand {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        timeout = timeout != null ? timeout : Duration.ofMinutes(10);
    }

    public static RemoteCommand of(String... argv) {
        return new RemoteCommand(List.of(argv), null, null, null, null);
    }

    public static RemoteCommand of(List<String> argv) {
        return new RemoteCommand(argv, null, null, null, null);
    }

    public RemoteCommand withStdin(String text) {
        return withStdin(text.getBytes(StandardCharsets.UTF_8));
    }

    public RemoteCommand withStdin(byte[] bytes) {
        return new RemoteCommand(argv, bytes, timeout, onStdoutLine, onStderrLine);
    }

    public RemoteCommand withTimeout(Duration t) {
        return new RemoteCommand(argv, stdin, t, onStdoutLine, onStderrLine);
    }

    /** Live streaming: each complete line of stdout / stderr as it arrives. */
    public RemoteCommand onLines(Consumer<String> stdout, Consumer<String> stderr) {
        return new RemoteCommand(argv, stdin, timeout, stdout, stderr);
    }

    /** The command line the remote shell receives. */
    public String commandLine() {
        return ShellQuote.join(argv);
    }

    @Override
    public String toString() {
        // stdin may be a secret: never shown.
        return commandLine() + (stdin != null ? " (with " + stdin.length + " bytes on stdin)" : "");
    }
}
