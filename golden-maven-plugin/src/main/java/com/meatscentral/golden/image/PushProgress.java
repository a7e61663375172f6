package com.meatscentral.golden.image;

import com.github.dockerjava.api.model.ResponseItem;
import com.meatscentral.golden.Console;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Push progress as CI logs want it: whole lines, never a carriage-return animation. One info
 * line per layer when it is done (pushed, already in the registry, mounted from another
 * repository), and while bytes move at most one summary line every {@link #INTERVAL_NANOS}
 * (layers done, MB sent of MB). Preparing/waiting go to debug.
 */
final class PushProgress {

    static final long INTERVAL_NANOS = 5_000_000_000L;

    private record Layer(long current, long total) {}

    private final Console console;
    private final LongSupplier clock;
    private final Map<String, Layer> layers = new LinkedHashMap<>();
    private final Map<String, String> done = new LinkedHashMap<>();
    private long lastSummary;

    PushProgress(Console console, LongSupplier clock) {
        this.console = console;
        this.clock = clock;
        this.lastSummary = clock.getAsLong();
    }

    synchronized void onItem(ResponseItem item) {
        String id = item.getId();
        String status = item.getStatus();
        if (id == null || status == null || id.contains(":")) {
            return; // the tag line ("dev-latest: digest: ...") and plain messages are not layers
        }
        if (status.equals("Pushing") && item.getProgressDetail() != null) {
            Long current = item.getProgressDetail().getCurrent();
            Long total = item.getProgressDetail().getTotal();
            layers.put(id, new Layer(current == null ? 0 : current, total == null ? 0 : total));
            summaryIfDue();
        } else if (status.equals("Pushed")
                || status.equals("Layer already exists")
                || status.startsWith("Mounted from")) {
            if (done.put(id, status) == null) {
                Layer layer = layers.get(id);
                console.info("  layer " + id + ": " + status
                        + (layer != null && layer.total() > 0 ? " (" + mb(layer.total()) + " MB)" : ""));
            }
        } else {
            console.debug("  layer " + id + ": " + status);
        }
    }

    private void summaryIfDue() {
        long now = clock.getAsLong();
        if (now - lastSummary < INTERVAL_NANOS) {
            return;
        }
        lastSummary = now;
        long sent = 0;
        long total = 0;
        int moving = 0;
        for (Map.Entry<String, Layer> e : layers.entrySet()) {
            if (!done.containsKey(e.getKey())) {
                sent += e.getValue().current();
                total += e.getValue().total();
                moving++;
            }
        }
        if (moving > 0) {
            console.info("  pushing " + moving + " layer(s): " + mb(sent) + " of " + mb(total) + " MB; " + done.size()
                    + " done");
        }
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1_048_576.0);
    }
}
