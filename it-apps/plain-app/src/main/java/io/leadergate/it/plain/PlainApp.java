package io.leadergate.it.plain;

import java.nio.file.Path;

/**
 * A plain Java main with singleton work and no leader election of its own: run several replicas
 * with the Leadergate agent and only the Lease holder's {@link SingletonJob#runOnce()} executes.
 *
 * <p>Configured by environment only: {@code IT_REPLICA_ID} (else {@code LEADERGATE_IDENTITY}, else
 * the pid) names this replica in its output; {@code IT_RUN_LOG}, if set, is the file every executed
 * run is appended to; {@code IT_RUN_STAMPS_PORT}, if set instead, is where the test stamps each run
 * on its own clock (for replicas whose clocks are faked); {@code IT_RUN_MILLIS} sets each run's
 * length (20 ms); with {@code IT_FINISH_ON_SHUTDOWN=true} a shutdown lets the call in progress
 * finish. Runs until killed; SIGTERM runs shutdown hooks, so the agent can release.
 */
public final class PlainApp {

    /** Pause between calls of the gated method; short, so a takeover is visible within ~50 ms. */
    static final long CALL_INTERVAL_MILLIS = 50;

    private PlainApp() {}

    public static void main(String[] args) throws InterruptedException {
        String replicaId = replicaId();
        String runLog = System.getenv("IT_RUN_LOG");
        String stamps = System.getenv("IT_RUN_STAMPS_PORT");
        RunRecorder recorder =
                stamps != null && !stamps.isBlank()
                        ? RunRecorder.stampedBy(Integer.parseInt(stamps), replicaId)
                        : runLog == null || runLog.isBlank()
                                ? RunRecorder.discarding()
                                : RunRecorder.appendingTo(Path.of(runLog), replicaId);
        StatusLine status = new StatusLine(replicaId);

        status.print(
                "started (pid "
                        + ProcessHandle.current().pid()
                        + "), calling leader-only work every "
                        + CALL_INTERVAL_MILLIS
                        + " ms");
        // A plain thread on purpose: executor-submitted work is gated by a different mechanism.
        CallLoop calls = new CallLoop(new SingletonJob(recorder), status);
        Thread loop = new Thread(calls, "plain-app-loop");
        boolean finishOnShutdown = Boolean.parseBoolean(System.getenv("IT_FINISH_ON_SHUTDOWN"));
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    status.print("stopping");
                                    if (finishOnShutdown) {
                                        finishCurrentCall(calls, loop, status);
                                    }
                                },
                                "plain-app-shutdown"));

        loop.start();
        loop.join();
    }

    /**
     * {@code IT_FINISH_ON_SHUTDOWN=true}: a well-behaved app's shutdown hook, which lets the call
     * in progress finish (as Spring's schedulers can) instead of dying with the JVM. At most 30 s.
     */
    private static void finishCurrentCall(CallLoop calls, Thread loop, StatusLine status) {
        calls.stop();
        try {
            loop.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        status.print("stopped after the call in progress");
    }

    private static String replicaId() {
        for (String name : new String[] {"IT_REPLICA_ID", "LEADERGATE_IDENTITY"}) {
            String value = System.getenv(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "pid-" + ProcessHandle.current().pid();
    }
}
