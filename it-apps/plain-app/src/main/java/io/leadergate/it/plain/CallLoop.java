package io.leadergate.it.plain;

/**
 * Calls the gated job forever and reports each change between "running" and "standing by", plus a
 * heartbeat while running, so a human (or the demo) can follow who does the work.
 */
final class CallLoop implements Runnable {

    private static final long HEARTBEAT_NANOS = 5_000_000_000L;

    private final SingletonJob job;
    private final StatusLine status;

    /** Set by a shutdown hook: end after the call in progress. */
    private volatile boolean stopping;

    CallLoop(SingletonJob job, StatusLine status) {
        this.job = job;
        this.status = status;
    }

    /** Ends the loop once the call in progress has returned; never interrupts it. */
    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        Boolean running = null; // unknown until the first call, so the first state is printed too
        long lastPrintNanos = System.nanoTime();
        try {
            while (!stopping && !Thread.currentThread().isInterrupted()) {
                long before = job.executedRuns();
                job.runOnce();
                boolean ran = job.executedRuns() > before;
                if (running == null || ran != running) {
                    status.print(
                            ran
                                    ? "running leader-only work"
                                    : "standing by (leader-only work skipped)");
                    lastPrintNanos = System.nanoTime();
                } else if (ran && System.nanoTime() - lastPrintNanos > HEARTBEAT_NANOS) {
                    status.print(
                            "still running leader-only work ("
                                    + job.executedRuns()
                                    + " runs so far)");
                    lastPrintNanos = System.nanoTime();
                }
                running = ran;
                Thread.sleep(PlainApp.CALL_INTERVAL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
