package com.meatscentral.golden.deploy;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Quotes one argument for a POSIX shell. Every droplet command is built as an argv list
 * and only turned into a command line here, so no value is ever pasted into shell text.
 * One small interface so the ssh package's helper can replace {@link #POSIX} when it lands.
 */
@FunctionalInterface
public interface ShellQuoter {

    String quote(String argument);

    default String join(List<String> argv) {
        return argv.stream().map(this::quote).collect(Collectors.joining(" "));
    }

    /**
     * Single quotes, with each {@code '} written as {@code '\''}. Inside single quotes a POSIX
     * shell interprets nothing ({@code $}, backquote, backslash, newline are literal), so
     * this is exact for every string. Plain words are left bare for readable logs.
     */
    ShellQuoter POSIX = new ShellQuoter() {
        private final Pattern safe = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

        @Override
        public String quote(String argument) {
            if (argument.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a shell argument cannot contain a NUL character");
            }
            if (safe.matcher(argument).matches()) {
                return argument;
            }
            return "'" + argument.replace("'", "'\\''") + "'";
        }
    };
}
