package com.meatscentral.golden;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A console that keeps every line, prefixed with its level, for assertions. */
public final class RecordingConsole implements Console {

    public final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void line(Level level, String message) {
        lines.add(level + " " + message);
    }

    public String text() {
        return String.join("\n", lines);
    }
}
