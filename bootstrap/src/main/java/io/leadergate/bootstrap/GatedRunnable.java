package io.leadergate.bootstrap;

/**
 * A task that runs only while this JVM leads. On a follower {@link #run()} returns normally without
 * running the task, so a periodic task stays scheduled (the JDK cancels a periodic task that
 * throws) and starts doing its work as soon as this JVM becomes leader. An admitted run counts as
 * in flight ({@link Gate#inFlight()}) until the task returns or throws.
 */
public final class GatedRunnable implements Runnable {

    private final Runnable task;
    private final int gateId;

    GatedRunnable(Runnable task, int gateId) {
        this.task = task;
        this.gateId = gateId;
    }

    @Override
    public void run() {
        boolean tracking = InFlightCalls.isTracking();
        if (!(tracking ? InFlightCalls.admit(gateId) : Gate.admit(gateId))) {
            return;
        }
        try {
            task.run();
        } finally {
            leave(gateId, tracking);
        }
    }

    /**
     * Ends an admitted call, as counted ({@link Gate#inFlight()}) and tracked ({@link
     * InFlightCalls}).
     */
    static void leave(int gateId, boolean tracking) {
        if (tracking) {
            InFlightCalls.leave(gateId);
        } else {
            Gate.leave(gateId);
        }
    }

    /** The application's own task. */
    public Runnable task() {
        return task;
    }

    @Override
    public String toString() {
        return "leader-only ".concat(String.valueOf(task));
    }
}
