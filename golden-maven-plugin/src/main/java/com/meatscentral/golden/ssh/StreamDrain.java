package com.meatscentral.golden.ssh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Reads one stream to its end on its own thread, keeping text and passing lines on. */
final class StreamDrain extends Thread {
    private final InputStream in;
    private final Consumer<String> onLine;
    private final StringBuilder text = new StringBuilder();
    volatile boolean truncated;

    StreamDrain(InputStream in, Consumer<String> onLine, String name) {
        super("golden-ssh-exec-" + name);
        setDaemon(true);
        this.in = in;
        this.onLine = onLine;
    }

    @Override
    public void run() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (text) {
                    if (text.length() + line.length() < ExecResult.MAX_KEPT_CHARS) {
                        text.append(line).append('\n');
                    } else {
                        truncated = true;
                    }
                }
                if (onLine != null) {
                    onLine.accept(line);
                }
            }
        } catch (IOException ignored) {
            // channel closed under us: what we have is what there was
        }
    }

    String text() {
        synchronized (text) {
            return text.toString();
        }
    }
}
