package io.leadergate.it.executor;

import io.leadergate.it.executor.jobs.CleanupTask;
import io.leadergate.it.executor.jobs.ReportJobs;
import io.leadergate.it.executor.local.Heartbeat;
import java.nio.file.Path;
import java.util.Timer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Schedules its work once, at startup, the way applications do, and never touches it again: a
 * periodic lambda on a {@code ScheduledExecutorService}, a {@code TimerTask} on a {@code Timer},
 * and a heartbeat on the same executor. No annotation and no Leadergate dependency.
 *
 * <p>Environment: {@code IT_REPLICA_ID}; {@code IT_RUN_LOG} (periodic report runs), {@code
 * IT_TIMER_RUN_LOG} (cleanup runs), {@code IT_UNGATED_RUN_LOG} (heartbeats). Runs until killed.
 */
public final class ExecutorApp {

    static final long PERIOD_MILLIS = 50;
    static final long HEARTBEAT_MILLIS = 200;

    private ExecutorApp() {}

    public static void main(String[] args) throws InterruptedException {
        String replicaId =
                System.getenv()
                        .getOrDefault("IT_REPLICA_ID", "pid-" + ProcessHandle.current().pid());
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
        executor.scheduleAtFixedRate(
                ReportJobs.periodicReport(recorder("IT_RUN_LOG", replicaId)),
                0,
                PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
        executor.scheduleAtFixedRate(
                Heartbeat.task(recorder("IT_UNGATED_RUN_LOG", replicaId)),
                0,
                HEARTBEAT_MILLIS,
                TimeUnit.MILLISECONDS);
        Timer timer = new Timer("cleanup-timer", false);
        timer.scheduleAtFixedRate(
                new CleanupTask(recorder("IT_TIMER_RUN_LOG", replicaId)), 0, PERIOD_MILLIS);
        System.out.println(
                replicaId
                        + ": started (pid "
                        + ProcessHandle.current().pid()
                        + "); report, cleanup and heartbeat scheduled once");
        System.out.flush();
        new CountDownLatch(1).await(); // the scheduled work is the whole app
    }

    private static RunRecorder recorder(String variable, String replicaId) {
        String file = System.getenv(variable);
        return file == null || file.isBlank()
                ? RunRecorder.discarding()
                : RunRecorder.appendingTo(Path.of(file), replicaId);
    }
}
