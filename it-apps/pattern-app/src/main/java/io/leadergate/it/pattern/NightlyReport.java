package io.leadergate.it.pattern;

/**
 * Singleton work with no annotation and no Leadergate import: it is gated only because {@code
 * LEADERGATE_GATE_METHODS} names {@code io.leadergate.it.pattern.NightlyReport#generate}.
 */
public final class NightlyReport {

    /** Time spent inside each run, so that two replicas running at once would overlap visibly. */
    static final long RUN_MILLIS = 20;

    private final RunRecorder recorder;

    NightlyReport(RunRecorder recorder) {
        this.recorder = recorder;
    }

    /** Returns true when it ran; a gated call on a follower returns the default, false. */
    public boolean generate() throws InterruptedException {
        long startNanos = System.nanoTime();
        Thread.sleep(RUN_MILLIS);
        recorder.record(startNanos, System.nanoTime());
        return true;
    }
}
