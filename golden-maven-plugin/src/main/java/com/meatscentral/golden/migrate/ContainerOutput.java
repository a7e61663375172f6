package com.meatscentral.golden.migrate;

import com.github.dockerjava.api.model.StreamType;
import com.meatscentral.golden.Console;
import com.meatscentral.golden.secrets.Redactor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a migration container prints, as lines: each redacted, logged live and the last
 * {@link #KEPT_LINES} kept for a failure message; lines that start with the capture prefix are a
 * result (the listing's marker line), kept apart instead of logged. The engine's frames cut lines,
 * and characters, anywhere: each stream's bytes wait for their newline before they are decoded.
 */
final class ContainerOutput {

    static final int KEPT_LINES = 20;

    private final Redactor redactor;
    private final Console console;
    private final Map<StreamType, ByteArrayOutputStream> partial = new EnumMap<>(StreamType.class);
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final List<String> captured = new ArrayList<>();
    private String capturePrefix;

    ContainerOutput(Redactor redactor, Console console) {
        this.redactor = redactor;
        this.console = console;
    }

    /** Lines starting with {@code prefix} are kept for {@link #captured()} instead of being logged. */
    synchronized void capture(String prefix) {
        this.capturePrefix = prefix;
    }

    /** One frame of {@code type}'s stream: its complete lines now, the rest with the next frame. */
    synchronized void accept(StreamType type, byte[] payload) {
        ByteArrayOutputStream buf = partial.computeIfAbsent(type, t -> new ByteArrayOutputStream());
        int start = 0;
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == '\n') { // never part of a multi-byte UTF-8 character
                buf.write(payload, start, i - start);
                line(buf);
                start = i + 1;
            }
        }
        buf.write(payload, start, payload.length - start);
    }

    /** The streams ended: what is left of each is a last line without its newline. */
    synchronized void flush() {
        partial.values().stream().filter(b -> b.size() > 0).forEach(this::line);
        partial.clear();
    }

    synchronized List<String> lastLines() {
        return List.copyOf(lastLines);
    }

    synchronized List<String> captured() {
        return List.copyOf(captured);
    }

    synchronized boolean hasCaptured() {
        return !captured.isEmpty();
    }

    private void line(ByteArrayOutputStream buf) {
        String raw = buf.toString(StandardCharsets.UTF_8);
        buf.reset();
        String line = redactor.redact(raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw);
        if (capturePrefix != null && line.startsWith(capturePrefix)) {
            captured.add(line);
            return;
        }
        console.info("  | " + line);
        lastLines.addLast(line);
        while (lastLines.size() > KEPT_LINES) {
            lastLines.removeFirst();
        }
    }
}
