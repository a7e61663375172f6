package com.meatscentral.golden.migrate;

import com.meatscentral.golden.Console;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Undo steps registered as resources are acquired, run once in reverse order: from
 * finally, or from the shutdown hook on Ctrl-C, whichever comes first. Each step's
 * duration is logged; a failing step does not stop the others.
 */
final class Cleanup {

    private final Console console;
    private final Deque<Step> steps = new ArrayDeque<>();
    private boolean done;

    Cleanup(Console console) {
        this.console = console;
    }

    /** Runs {@code body} with a cleanup that runs once: at its end, on failure, and on Ctrl-C (a shutdown hook). */
    static <T> T around(Console console, java.util.function.Function<Cleanup, T> body) {
        Cleanup cleanup = new Cleanup(console);
        Thread hook = new Thread(
                () -> {
                    console.warn("interrupted: cleaning up the migration (container, tunnel, SSH)");
                    cleanup.run();
                },
                "golden-migrate-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        long total = System.nanoTime();
        try {
            return body.apply(cleanup);
        } finally {
            cleanup.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook ran (or runs) the same, idempotent cleanup
            }
            console.info("migrate: total " + Migration.millis(total));
        }
    }

    synchronized void add(String name, Runnable action) {
        steps.push(new Step(name, action));
    }

    synchronized void run() {
        if (done) {
            return;
        }
        done = true;
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            long start = System.nanoTime();
            try {
                step.action.run();
                console.info("cleanup: " + step.name + " (" + Migration.millis(start) + ")");
            } catch (RuntimeException e) {
                console.warn("cleanup: " + step.name + " failed: " + e.getMessage());
            }
        }
    }

    private record Step(String name, Runnable action) {}
}
