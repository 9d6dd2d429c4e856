package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.testsupport.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three JVMs of executor-app, which schedules its work once at startup: a periodic lambda on a
 * {@code ScheduledExecutorService} and a {@code TimerTask}, both gated only through {@code
 * LEADERGATE_GATE_EXECUTORS}, plus a heartbeat from another package that must never be gated.
 * Leadership changes twice (kill -9, then SIGTERM); each new leader must pick up the very tasks it
 * has been skipping since startup, and no two replicas may ever run them at once.
 */
class ExecutorAppTest {

    private static final Duration FIRST_LEADER = Duration.ofSeconds(90);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension static final LeaseCluster cluster = new LeaseCluster();

    private ReplicaGroup group;

    @Test
    void scheduledTasksFollowTheLeaseThroughTwoLeadershipChanges() {
        Path timerLog = cluster.testDir().resolve("timer-runs.log");
        Path heartbeatLog = cluster.testDir().resolve("heartbeats.log");
        group =
                cluster.startWithAgent(
                        3,
                        ItConfig.executorAppJar(),
                        "executor-app",
                        Map.of(
                                "LEADERGATE_GATE_EXECUTORS", "io.leadergate.it.executor.jobs.*",
                                "IT_TIMER_RUN_LOG", timerLog.toString(),
                                "IT_UNGATED_RUN_LOG", heartbeatLog.toString()));
        RunLog periodic = group.runLog();
        RunLog timer = new RunLog(timerLog);
        RunLog heartbeats = new RunLog(heartbeatLog);

        Run first =
                group.awaitRun(
                        "a first leader to run the periodic task", run -> true, FIRST_LEADER);
        String leader1 = first.replicaId();
        awaitRun(
                timer,
                "the first leader's TimerTask",
                run -> run.replicaId().equals(leader1),
                FIRST_LEADER);
        Await.until(
                "the ungated heartbeat to run on every replica",
                FIRST_LEADER,
                () -> replicaIds(heartbeats.runs()).size() == 3,
                () -> heartbeats.describe() + "\n" + group.describe());
        assertEquals(
                Set.of(leader1),
                replicaIds(periodic.runs()),
                "only the leader runs the periodic task\n" + group.describe());
        assertEquals(
                Set.of(leader1),
                replicaIds(timer.runs()),
                "only the leader runs the TimerTask\n" + group.describe());

        // First change: kill -9, the lease must expire.
        ReplicaProcess killed = group.replica(leader1);
        long killNanos = System.nanoTime();
        killed.kill();
        assertEquals(137, killed.awaitExit(PATIENCE), "kill -9 exit status");
        String leader2 = awaitNewLeader(periodic, timer, Set.of(leader1), "kill -9", killNanos);

        // Second change: SIGTERM, the lease is released.
        ReplicaProcess second = group.replica(leader2);
        long stopNanos = System.nanoTime();
        second.terminate();
        assertEquals(143, second.awaitExit(PATIENCE), "SIGTERM exit status");
        String leader3 =
                awaitNewLeader(periodic, timer, Set.of(leader1, leader2), "SIGTERM", stopNanos);

        assertNoOverlaps("periodic task", periodic);
        assertNoOverlaps("TimerTask", timer);
        long sinceLastChange = System.nanoTime();
        Await.until(
                "the last replica's heartbeat to go on",
                PATIENCE,
                () ->
                        heartbeats
                                .last(run -> run.replicaId().equals(leader3))
                                .map(run -> run.startNanos() > sinceLastChange)
                                .orElse(false),
                heartbeats::describe);
        assertTrue(group.replica(leader3).stdout().contains("scheduled once"), group.describe());
    }

    /** Waits until a replica not in {@code previous} runs both tasks; returns it. */
    private String awaitNewLeader(
            RunLog periodic, RunLog timer, Set<String> previous, String how, long sinceNanos) {
        Run next =
                awaitRun(
                        periodic,
                        "a new leader's periodic run (the task it skipped until now)",
                        run -> !previous.contains(run.replicaId()),
                        PATIENCE);
        awaitRun(
                timer,
                "the new leader " + next.replicaId() + "'s TimerTask",
                run -> run.replicaId().equals(next.replicaId()),
                PATIENCE);
        Measurements.record(
                "executor-app: " + how + " of the leader -> first periodic run of the successor",
                next.startNanos() - sinceNanos);
        return next.replicaId();
    }

    private Run awaitRun(
            RunLog log, String what, java.util.function.Predicate<Run> which, Duration timeout) {
        return Await.value(
                what,
                timeout,
                () -> log.first(which),
                () -> log.describe() + "\n" + group.describe());
    }

    private void assertNoOverlaps(String what, RunLog log) {
        List<String> overlaps = log.overlaps();
        assertTrue(
                overlaps.isEmpty(),
                "two replicas ran the "
                        + what
                        + " at the same time:\n"
                        + String.join("\n", overlaps)
                        + "\n"
                        + log.describe()
                        + "\n"
                        + group.describe());
    }

    private static Set<String> replicaIds(List<Run> runs) {
        return runs.stream()
                .map(Run::replicaId)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
