package com.meatscentral.golden.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;

/**
 * The droplet as a deploy's steps see it: before every call, an interrupt requested by the
 * shutdown hook stops the step ({@link Interruption#checkpoint()}), and the lock's heartbeat
 * is renewed when it is due. Only the deploy thread calls it, so the droplet is never acted on
 * by two threads at once.
 */
final class GuardedDroplet {

    static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(10);

    private GuardedDroplet() {}

    static Droplet wrap(Droplet droplet, Interruption interruption, DeployLock lock, HealthChecker.Clock clock) {
        long[] lastBeat = {clock.nanoTime()};
        return (Droplet) Proxy.newProxyInstance(
                Droplet.class.getClassLoader(), new Class<?>[] {Droplet.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("describe")) {
                        interruption.checkpoint();
                        if (lock != null && clock.nanoTime() - lastBeat[0] >= HEARTBEAT_EVERY.toNanos()) {
                            lastBeat[0] = clock.nanoTime();
                            lock.heartbeat();
                        }
                    }
                    try {
                        return method.invoke(droplet, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
