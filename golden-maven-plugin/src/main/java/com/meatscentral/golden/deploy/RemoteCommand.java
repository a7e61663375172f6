package com.meatscentral.golden.deploy;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One command for the droplet: an argv list plus optional bytes for its standard input.
 * Secrets travel on stdin or in 0600 files, never in {@link #argv()}: the command line is
 * visible in {@code ps} to every user of the droplet and ends up in logs.
 */
public record RemoteCommand(List<String> argv, byte[] stdin) {

    public RemoteCommand {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
    }

    public static RemoteCommand of(String... argv) {
        return new RemoteCommand(List.of(argv), null);
    }

    public static RemoteCommand of(List<String> argv) {
        return new RemoteCommand(argv, null);
    }

    /** {@code sh -c SCRIPT sh ARG...}: a fixed script whose values arrive as "$1", "$2", ... */
    public static RemoteCommand script(String script, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("sh", "-c", script, "sh"));
        argv.addAll(List.of(args));
        return new RemoteCommand(argv, null);
    }

    public RemoteCommand withStdin(String text) {
        return new RemoteCommand(argv, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The command line the droplet's login shell will parse. */
    public String render(ShellQuoter quoter) {
        return quoter.join(argv);
    }

    @Override
    public String toString() {
        return render(ShellQuoter.POSIX);
    }
}
