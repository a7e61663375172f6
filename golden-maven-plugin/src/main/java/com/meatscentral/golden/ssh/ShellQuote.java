package com.meatscentral.golden.ssh;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Quotes argv for a POSIX shell, which is what sshd hands a remote command to. Every remote
 * command is built from a list of arguments through here, never by pasting strings.
 */
public final class ShellQuote {

    /** Characters no POSIX shell treats specially, so such words need no quotes. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellQuote() {}

    /** One argument: unchanged when safe, else single-quoted with embedded quotes as {@code '"'"'}. */
    public static String quote(String arg) {
        if (arg.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shell argument cannot contain a NUL character");
        }
        if (arg.isEmpty()) {
            return "''";
        }
        if (SAFE.matcher(arg).matches()) {
            return arg;
        }
        return "'" + arg.replace("'", "'\"'\"'") + "'";
    }

    /** A command line that the shell splits back into exactly {@code argv}. */
    public static String join(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        return argv.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }

    public static String join(String... argv) {
        return join(List.of(argv));
    }
}
