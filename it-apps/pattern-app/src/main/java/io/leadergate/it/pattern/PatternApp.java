package io.leadergate.it.pattern;

import java.nio.file.Path;

/**
 * A plain main that calls {@link NightlyReport#generate()} every {@value #CALL_INTERVAL_MILLIS} ms
 * and prints each change between running and standing by. Configured by environment only: {@code
 * IT_REPLICA_ID} names the replica, {@code IT_RUN_LOG} is where executed runs are appended.
 */
public final class PatternApp {

    static final long CALL_INTERVAL_MILLIS = 50;

    private PatternApp() {}

    public static void main(String[] args) throws InterruptedException {
        String replicaId =
                System.getenv()
                        .getOrDefault("IT_REPLICA_ID", "pid-" + ProcessHandle.current().pid());
        String runLog = System.getenv("IT_RUN_LOG");
        RunRecorder recorder =
                runLog == null || runLog.isBlank()
                        ? RunRecorder.discarding()
                        : RunRecorder.appendingTo(Path.of(runLog), replicaId);
        NightlyReport report = new NightlyReport(recorder);
        print(replicaId, "started (pid " + ProcessHandle.current().pid() + ")");
        Boolean running = null;
        while (true) {
            boolean ran = report.generate();
            if (running == null || ran != running) {
                print(
                        replicaId,
                        ran
                                ? "running the nightly report"
                                : "standing by (nightly report skipped)");
                running = ran;
            }
            Thread.sleep(CALL_INTERVAL_MILLIS);
        }
    }

    private static void print(String replicaId, String what) {
        System.out.println(replicaId + ": " + what);
        System.out.flush();
    }
}
