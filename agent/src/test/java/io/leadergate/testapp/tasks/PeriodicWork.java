package io.leadergate.testapp.tasks;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tasks defined here (lambdas, a method reference) match {@code io.leadergate.testapp.tasks.*} by
 * their defining class. Outside {@code io.leadergate.agent}, whose classes are never gated as
 * tasks.
 */
public final class PeriodicWork {

    public final AtomicInteger bodies = new AtomicInteger();

    public Runnable lambda() {
        return () -> bodies.incrementAndGet();
    }

    public Runnable methodReference() {
        return this::work;
    }

    public Callable<String> answer() {
        return () -> {
            bodies.incrementAndGet();
            return "answer";
        };
    }

    private void work() {
        bodies.incrementAndGet();
    }
}
