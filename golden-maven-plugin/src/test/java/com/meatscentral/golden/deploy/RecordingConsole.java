package com.meatscentral.golden.deploy;

import com.meatscentral.golden.Console;
import java.util.ArrayList;
import java.util.List;

final class RecordingConsole implements Console {
    final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public void debug(String m) {
        lines.add("DEBUG " + m);
    }

    @Override
    public void info(String m) {
        lines.add("INFO " + m);
    }

    @Override
    public void warn(String m) {
        lines.add("WARN " + m);
    }

    @Override
    public void error(String m) {
        lines.add("ERROR " + m);
    }

    String text() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }
}
