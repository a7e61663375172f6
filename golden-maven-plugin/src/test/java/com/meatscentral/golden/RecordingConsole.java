package com.meatscentral.golden;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A console that keeps every line, prefixed with its level, for assertions. */
public final class RecordingConsole implements Console {

    public final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void debug(String message) {
        lines.add("DEBUG " + message);
    }

    @Override
    public void info(String message) {
        lines.add("INFO " + message);
    }

    @Override
    public void warn(String message) {
        lines.add("WARN " + message);
    }

    @Override
    public void error(String message) {
        lines.add("ERROR " + message);
    }

    public String text() {
        return String.join("\n", lines);
    }
}
