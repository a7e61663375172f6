package com.meatscentral.golden.deploy;

/** Where a deploy's Ctrl-C / SIGTERM hook is registered: the JVM's shutdown hooks; tests run it by hand. */
public interface ShutdownHooks {
    void add(Thread hook);

    void remove(Thread hook);

    /** No hook at all (golden:status resolving a journal; tests). */
    ShutdownHooks NONE = new ShutdownHooks() {
        @Override
        public void add(Thread hook) {}

        @Override
        public void remove(Thread hook) {}
    };

    ShutdownHooks RUNTIME = new ShutdownHooks() {
        @Override
        public void add(Thread hook) {
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public void remove(Thread hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    };
}
