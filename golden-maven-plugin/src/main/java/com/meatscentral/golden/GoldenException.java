package com.meatscentral.golden;

import java.util.Optional;

/**
 * A user error: something in the user's input, configuration or environment is wrong.
 * The message says what and where; the hint says how to fix it. The mojo layer prints
 * both without a stack trace. Anything else thrown is a bug in golden.
 */
public class GoldenException extends RuntimeException {

    private final String hint;

    public GoldenException(String message) {
        this(message, null, null);
    }

    public GoldenException(String message, String hint) {
        this(message, hint, null);
    }

    public GoldenException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    /** How to fix it, when there is something to say. */
    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }
}
