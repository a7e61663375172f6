package com.meatscentral.golden.deploy;

import java.util.function.Consumer;

/** Where a deploy's Ctrl-C / SIGTERM hook is registered: the JVM's shutdown hooks; tests run it by hand. */
public interface ShutdownHooks {
    void add(Thread hook);

    void remove(Thread hook);

    /** No hook at all (golden:status resolving a journal; tests). */
    ShutdownHooks NONE = of(hook -> {}, hook -> {});

    /** The JVM's own: a hook removed while the JVM shuts down is running or has run, and stays. */
    ShutdownHooks RUNTIME = of(hook -> Runtime.getRuntime().addShutdownHook(hook), hook -> {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    });

    static ShutdownHooks of(Consumer<Thread> add, Consumer<Thread> remove) {
        return new ShutdownHooks() {
            @Override
            public void add(Thread hook) {
                add.accept(hook);
            }

            @Override
            public void remove(Thread hook) {
                remove.accept(hook);
            }
        };
    }
}
