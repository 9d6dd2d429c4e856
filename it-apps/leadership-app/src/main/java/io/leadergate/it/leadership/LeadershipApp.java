package io.leadergate.it.leadership;

import io.leadergate.LeaderOnly;
import io.leadergate.Leadership;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks {@link Leadership} every 50 ms and prints a line on every change, as an application using
 * the API would see it: {@code replica-1: leadership leader=true token=3 current=replica-1
 * verify=true}. {@code verify()} (one GET) runs once per change only. Also calls a {@link
 * LeaderOnly} method, so the agent's gated counters move, and appends each executed run to {@code
 * IT_RUN_LOG} if set ({@code replicaId startNanos endNanos}, the plain app's format).
 */
public final class LeadershipApp {

    private static final AtomicLong RUNS = new AtomicLong();

    private LeadershipApp() {}

    public static void main(String[] args) throws Exception {
        String replicaId =
                Objects.requireNonNullElse(
                        System.getenv("IT_REPLICA_ID"), "pid-" + ProcessHandle.current().pid());
        String runLog = System.getenv("IT_RUN_LOG");
        System.out.println(replicaId + ": started");
        String last = null;
        while (true) {
            long start = System.nanoTime();
            if (work()) {
                append(runLog, replicaId + ' ' + start + ' ' + System.nanoTime() + '\n');
            }
            boolean leader = Leadership.isLeader();
            String view =
                    "leader="
                            + leader
                            + " token="
                            + Leadership.fencingToken()
                            + " current="
                            + Leadership.currentLeader().orElse("none");
            if (!view.equals(last)) {
                last = view;
                System.out.println(
                        replicaId + ": leadership " + view + " verify=" + Leadership.verify());
                System.out.flush();
            }
            Thread.sleep(50);
        }
    }

    /** Gated: returns false on followers without running the body. */
    @LeaderOnly
    static boolean work() throws InterruptedException {
        Thread.sleep(10);
        RUNS.incrementAndGet();
        return true;
    }

    private static void append(String runLog, String line) throws Exception {
        if (runLog != null && !runLog.isBlank()) {
            Files.write(
                    Path.of(runLog),
                    line.getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }
}
