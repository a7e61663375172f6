package com.meatscentral.golden.rules;

import java.util.Optional;

/**
 * One broken golden rule at one place.
 *
 * @param rule    the rule's id, e.g. {@code tenancy-packages}
 * @param path    repository-relative path with {@code /} separators
 * @param line    1-based line; 1 when the file as a whole is at fault
 * @param message what is wrong there
 * @param fix     how to fix it
 * @param details extra lines printed after the violation (e.g. a unified diff)
 */
public record Violation(String rule, String path, int line, String message, String fix, Optional<String> details) {

    public Violation {
        details = details == null ? Optional.empty() : details;
        line = Math.max(1, line);
    }

    /** {@code path:line: [rule] message (fix: ...)}, the line a user (and the IT) reads. */
    public String format() {
        return path + ":" + line + ": [" + rule + "] " + message + " (fix: " + fix + ")";
    }
}
