package com.meatscentral.golden;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads and initialises classes on a daemon thread, once per JVM and name. A run of one short
 * goal otherwise pays that class loading on its critical path (golden:deploy's first SSH
 * connection, the migration's Docker client) while the main thread does local work that does
 * not need them. A failure is ignored: the real use loads what it needs and reports what fails.
 */
public final class ClassWarmup {

    private static final Set<String> STARTED = ConcurrentHashMap.newKeySet();

    private ClassWarmup() {}

    /** Runs {@code work} on a daemon thread (it never holds the JVM's exit), the first time {@code name} is asked for. */
    public static void inBackground(String name, Runnable work) {
        if (!STARTED.add(name)) {
            return;
        }
        Thread t = new Thread(
                () -> {
                    try {
                        work.run();
                    } catch (RuntimeException | LinkageError ignored) {
                        // only a head start
                    }
                },
                "golden-warmup-" + name);
        t.setDaemon(true);
        t.start();
    }

    /** {@code Class.forName(name, true, loader)} for each name; one that is missing is skipped. */
    public static void load(ClassLoader loader, List<String> classNames) {
        for (String name : classNames) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError ignored) {
                // only a head start
            }
        }
    }
}
