package io.leadergate.bootstrap;

/**
 * A task that runs only while this JVM leads. On a follower {@link #run()} returns normally without
 * running the task, so a periodic task stays scheduled (the JDK cancels a periodic task that
 * throws) and starts doing its work as soon as this JVM becomes leader.
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
        if (!InFlightCalls.isTracking()) {
            if (Gate.admit(gateId)) {
                task.run();
            }
        } else if (InFlightCalls.admit(gateId)) {
            try {
                task.run();
            } finally {
                InFlightCalls.leave();
            }
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
