package io.leadergate.it.plain;

import io.leadergate.LeaderOnly;
import java.util.concurrent.atomic.AtomicLong;

/** The work that must run on one replica at a time. */
public final class SingletonJob {

    /**
     * Time spent inside each run, so that two replicas running at once would overlap visibly: 20
     * ms, or {@code IT_RUN_MILLIS} (long calls for the graceful hand-over test).
     */
    static final long RUN_MILLIS =
            Long.parseLong(System.getenv().getOrDefault("IT_RUN_MILLIS", "20"));

    private final RunRecorder recorder;
    private final AtomicLong executedRuns = new AtomicLong();

    SingletonJob(RunRecorder recorder) {
        this.recorder = recorder;
    }

    /** On a replica that does not hold the lease, the agent turns this call into a no-op. */
    @LeaderOnly
    public void runOnce() throws InterruptedException {
        recorder.begin();
        long startNanos = System.nanoTime();
        Thread.sleep(RUN_MILLIS);
        long endNanos = System.nanoTime();
        recorder.record(startNanos, endNanos);
        executedRuns.incrementAndGet();
    }

    /** How many calls actually ran their body: the app's only way to see whether it is gated. */
    long executedRuns() {
        return executedRuns.get();
    }
}
