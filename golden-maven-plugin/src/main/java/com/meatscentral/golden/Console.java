package com.meatscentral.golden;

import java.util.function.BiConsumer;

/**
 * Where core code reports progress. The mojo layer backs it with Maven's log (redacted);
 * tests back it with {@link RecordingConsole}-style collectors. Core code never prints
 * to System.out directly, so every line passes through redaction.
 */
public interface Console {

    void debug(String message);

    void info(String message);

    void warn(String message);

    void error(String message);

    /** How serious a line is: which of the four methods it goes to. */
    enum Level {
        DEBUG,
        INFO,
        WARN,
        ERROR
    }

    /** Sends {@code message} to the method of its {@code level}. */
    default void line(Level level, String message) {
        switch (level) {
            case DEBUG -> debug(message);
            case INFO -> info(message);
            case WARN -> warn(message);
            case ERROR -> error(message);
        }
    }

    /** This console with {@code prefix} in front of every line (e.g. one host's lines of a rollout). */
    default Console prefixed(String prefix) {
        return of((level, message) -> line(level, prefix + message));
    }

    /**
     * A console whose every line goes to {@code sink} with its level: a wrapper or a collector
     * states what it does with a line once, instead of four times.
     */
    static Console of(BiConsumer<Level, String> sink) {
        return new Console() {
            @Override
            public void debug(String message) {
                sink.accept(Level.DEBUG, message);
            }

            @Override
            public void info(String message) {
                sink.accept(Level.INFO, message);
            }

            @Override
            public void warn(String message) {
                sink.accept(Level.WARN, message);
            }

            @Override
            public void error(String message) {
                sink.accept(Level.ERROR, message);
            }
        };
    }

    /** A console that drops everything: for callers that do not care. */
    Console SILENT = of((level, message) -> {});
}
