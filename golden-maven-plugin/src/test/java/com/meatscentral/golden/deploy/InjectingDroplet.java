package com.meatscentral.golden.deploy;

import com.meatscentral.golden.GoldenException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Wraps a droplet to count its calls, run something before or after call number N (an
 * interrupt, a failure), check an invariant after every call, and detect two threads acting
 * on the droplet at once.
 */
final class InjectingDroplet {

    final List<String> calls = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    private final AtomicInteger active = new AtomicInteger();
    IntConsumer before = n -> {};
    IntConsumer after = n -> {};
    int failAt = -1;
    Runnable invariant = () -> {};

    Droplet wrap(Droplet target) {
        return (Droplet) Proxy.newProxyInstance(
                Droplet.class.getClassLoader(), new Class<?>[] {Droplet.class}, (proxy, method, args) -> {
                    if (method.getName().equals("describe")) {
                        return target.describe();
                    }
                    if (active.incrementAndGet() > 1) {
                        violations.add("two threads on the droplet at once, at " + method.getName());
                    }
                    try {
                        int n = calls.size();
                        calls.add(method.getName());
                        before.accept(n);
                        if (n == failAt) {
                            throw new GoldenException("injected failure of call " + n + " (" + method.getName() + ")");
                        }
                        Object result;
                        try {
                            result = method.invoke(target, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                        after.accept(n);
                        return result;
                    } finally {
                        active.decrementAndGet();
                        try {
                            invariant.run();
                        } catch (AssertionError e) {
                            violations.add("after call " + (calls.size() - 1) + " (" + method.getName() + "): "
                                    + e.getMessage());
                        }
                    }
                });
    }
}
