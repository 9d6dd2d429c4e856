package io.leadergate.it.executor.jobs;

import io.leadergate.it.executor.RunRecorder;

/**
 * Singleton work scheduled as a lambda: its hidden class ({@code ReportJobs$$Lambda/0x...}) is
 * matched by its defining class, {@code io.leadergate.it.executor.jobs.ReportJobs}.
 */
public final class ReportJobs {

    /** Time spent inside each run, so that two replicas running at once would overlap visibly. */
    public static final long RUN_MILLIS = 20;

    private ReportJobs() {}

    public static Runnable periodicReport(RunRecorder recorder) {
        return () -> {
            long startNanos = System.nanoTime();
            Sleep.millis(RUN_MILLIS);
            recorder.record(startNanos, System.nanoTime());
        };
    }
}
