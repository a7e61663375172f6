package com.meatscentral.golden.secrets;

import com.meatscentral.golden.Console;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A console that keeps every line, prefixed with its level, for assertions. */
final class RecordingConsole implements Console {

    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void line(Level level, String message) {
        lines.add("[" + (level == Level.WARN ? "WARNING" : level.name()) + "] " + message);
    }

    String text() {
        return String.join("\n", lines);
    }
}
