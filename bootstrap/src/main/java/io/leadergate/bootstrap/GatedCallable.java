package io.leadergate.bootstrap;

import java.util.concurrent.Callable;

/**
 * A task that runs only while this JVM leads; on a follower {@link #call()} returns {@code null}
 * without calling the task, so its {@code Future} completes normally with {@code null}. An admitted
 * call counts as in flight ({@link Gate#inFlight()}) until the task returns or throws.
 */
public final class GatedCallable<V> implements Callable<V> {

    private final Callable<V> task;
    private final int gateId;

    GatedCallable(Callable<V> task, int gateId) {
        this.task = task;
        this.gateId = gateId;
    }

    @Override
    public V call() throws Exception {
        boolean tracking = InFlightCalls.isTracking();
        if (!(tracking ? InFlightCalls.admit(gateId) : Gate.admit(gateId))) {
            return null;
        }
        try {
            return task.call();
        } finally {
            GatedRunnable.leave(gateId, tracking);
        }
    }

    /** The application's own task. */
    public Callable<V> task() {
        return task;
    }

    @Override
    public String toString() {
        return "leader-only ".concat(String.valueOf(task));
    }
}
