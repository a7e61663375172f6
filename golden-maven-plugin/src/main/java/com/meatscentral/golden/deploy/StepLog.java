package com.meatscentral.golden.deploy;

import com.meatscentral.golden.Console;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Runs named steps, prints each with its duration, and renders the summary table. */
public final class StepLog {

    public record Step(String name, Duration duration, String outcome) {}

    private final Console console;
    private final HealthChecker.Clock clock;
    private final List<Step> steps = new ArrayList<>();

    public StepLog(Console console, HealthChecker.Clock clock) {
        this.console = console;
        this.clock = clock;
    }

    public void run(String name, Runnable body) {
        call(name, () -> {
            body.run();
            return null;
        });
    }

    public <T> T call(String name, Supplier<T> body) {
        long start = clock.nanoTime();
        try {
            T value = body.get();
            record(name, start, "ok");
            return value;
        } catch (RuntimeException e) {
            record(name, start, "FAILED");
            throw e;
        }
    }

    private void record(String name, long start, String outcome) {
        Duration d = Duration.ofNanos(clock.nanoTime() - start);
        steps.add(new Step(name, d, outcome));
        console.info(String.format(java.util.Locale.ROOT, "%-44s %-6s %s", name, outcome, format(d)));
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    static String format(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** Markdown: the step table, for the console and the GitHub step summary. */
    public String table() {
        StringBuilder out = new StringBuilder("| step | result | duration |\n|---|---|---|\n");
        steps.forEach(s -> out.append("| ")
                .append(s.name().replace("|", "\\|"))
                .append(" | ")
                .append(s.outcome())
                .append(" | ")
                .append(format(s.duration()))
                .append(" |\n"));
        return out.toString();
    }
}
