package com.meatscentral.golden.deploy;

import com.meatscentral.golden.Console;
import java.util.ArrayList;
import java.util.List;

final class RecordingConsole implements Console {
    final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public void line(Level level, String message) {
        lines.add(level + " " + message);
    }

    String text() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }
}
