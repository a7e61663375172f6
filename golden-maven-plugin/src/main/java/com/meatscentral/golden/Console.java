package com.meatscentral.golden;

/**
 * Where core code reports progress. The mojo layer backs it with Maven's log (redacted);
 * tests back it with {@link RecordingConsole}-style collectors. Core code never prints
 * to System.out directly, so every line passes through redaction.
 */
@FunctionalInterface
public interface Console {

    /**
     * Where every line goes, with its level: the one method a console implements (a wrapper or a
     * collector states what it does with a line once, instead of four times).
     */
    void line(Level level, String message);

    default void debug(String message) {
        line(Level.DEBUG, message);
    }

    default void info(String message) {
        line(Level.INFO, message);
    }

    default void warn(String message) {
        line(Level.WARN, message);
    }

    default void error(String message) {
        line(Level.ERROR, message);
    }

    /** How serious a line is. */
    enum Level {
        DEBUG,
        INFO,
        WARN,
        ERROR
    }

    /** This console with {@code prefix} in front of every line (e.g. one host's lines of a rollout). */
    default Console prefixed(String prefix) {
        return (level, message) -> line(level, prefix + message);
    }

    /** A console that drops everything: for callers that do not care. */
    Console SILENT = (level, message) -> {};
}
