package com.meatscentral.golden;

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

    /** A console that drops everything: for callers that do not care. */
    Console SILENT = new Console() {
        @Override
        public void debug(String message) {}

        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void error(String message) {}
    };
}
