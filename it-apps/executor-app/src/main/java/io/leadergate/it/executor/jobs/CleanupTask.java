package io.leadergate.it.executor.jobs;

import io.leadergate.it.executor.RunRecorder;
import java.util.TimerTask;

/**
 * Singleton work run by a {@code java.util.Timer}: the agent gates this class's own {@code run()}.
 */
public final class CleanupTask extends TimerTask {

    private final RunRecorder recorder;

    public CleanupTask(RunRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void run() {
        long startNanos = System.nanoTime();
        Sleep.millis(ReportJobs.RUN_MILLIS);
        recorder.record(startNanos, System.nanoTime());
    }
}
