package io.leadergate.it;

import static io.leadergate.it.LeaseTimings.LEASE_DURATION;
import static io.leadergate.it.LeaseTimings.RETRY_PERIOD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.testsupport.Await;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What every scheduler integration must show with three replicas of a sample app whose work is
 * scheduled by a library (no annotation of ours): one replica runs it; the others' schedulers keep
 * firing it, and the agent turns each firing into a normal, empty return; after {@code kill -9} of
 * the runner another replica takes over within the lease's bounds; no two runs ever overlap.
 */
final class ScheduledAppScenario {

    /** JVM start plus first election for three JVMs at once on a busy two-core host. */
    static final Duration FIRST_LEADER = Duration.ofSeconds(120);

    static final Duration PATIENCE = Duration.ofSeconds(45);
    private static final Duration OBSERVATION = Duration.ofSeconds(3);
    private static final Duration TAKEOVER_SLACK = Duration.ofSeconds(3);

    /**
     * Firings a follower must have turned into no-ops: a few seconds' worth at one per ~50-70 ms.
     */
    private static final long FOLLOWER_FIRINGS = 20;

    private ScheduledAppScenario() {}

    /**
     * @param group three replicas, just started with the agent and the integration's key on
     * @param gatedMethod how the agent's summary names the job's method
     * @param what the integration, for the measurement
     */
    static void oneRunnerFailoverAfterKillNoOverlaps(
            ReplicaGroup group, String gatedMethod, String what) {
        Run first =
                group.awaitRun(
                        "a first leader to run the scheduled job", run -> true, FIRST_LEADER);
        ReplicaProcess leader = group.replica(first.replicaId());
        for (ReplicaProcess follower : group.othersThan(leader.id())) {
            Await.until(
                    follower.id()
                            + "'s scheduler to keep firing the job with no body run and no failure",
                    PATIENCE,
                    () ->
                            SchedulerStatus.last(follower.stdout())
                                    .filter(
                                            s ->
                                                    s.fired() >= FOLLOWER_FIRINGS
                                                            && s.ran() == 0
                                                            && s.failed() == 0)
                                    .isPresent(),
                    group::describe);
        }
        long windowEnd = first.startNanos() + OBSERVATION.toNanos();
        group.awaitRun(
                "the job to go on running for " + Measurements.seconds(OBSERVATION),
                run -> run.startNanos() >= windowEnd && run.replicaId().equals(leader.id()),
                PATIENCE);
        List<Run> inWindow =
                group.runLog().runs().stream().filter(run -> run.startNanos() < windowEnd).toList();
        assertEquals(
                Set.of(leader.id()),
                replicaIds(inWindow),
                "only the first leader may run the job while it holds the lease\n"
                        + group.describe());
        assertTrue(
                inWindow.size() >= 10,
                "the leader's job stalled: " + inWindow.size() + " runs\n" + group.describe());
        Await.until(
                "the agent's summary to name " + gatedMethod,
                PATIENCE,
                () ->
                        leader.stderr()
                                .lines()
                                .anyMatch(
                                        line ->
                                                line.contains("gating ")
                                                        && line.contains(gatedMethod)),
                group::describe);

        long killNanos = System.nanoTime();
        leader.kill();
        assertEquals(137, leader.awaitExit(PATIENCE), "kill -9 exit status");
        Run successor =
                group.awaitRun(
                        "another replica to take over",
                        run -> !run.replicaId().equals(leader.id()),
                        PATIENCE);
        long takeover = successor.startNanos() - killNanos;
        Measurements.record(
                what + ": kill -9 of the leader -> first job run of the successor", takeover);
        Duration bound = LEASE_DURATION.plus(RETRY_PERIOD).plus(TAKEOVER_SLACK);
        assertTrue(
                takeover <= bound.toNanos(),
                "takeover took "
                        + Measurements.seconds(takeover)
                        + ", more than "
                        + Measurements.seconds(bound)
                        + "\n"
                        + group.describe());
        long afterKill = System.nanoTime();
        group.awaitRun(
                "the successor to keep running the job",
                run ->
                        run.replicaId().equals(successor.replicaId())
                                && run.startNanos() > afterKill,
                PATIENCE);
        List<Run> sinceKill =
                group.runLog().runs().stream().filter(run -> run.startNanos() > killNanos).toList();
        assertEquals(
                Set.of(successor.replicaId()),
                replicaIds(sinceKill),
                "only the successor may run the job after the kill\n" + group.describe());

        List<String> overlaps = group.runLog().overlaps();
        assertTrue(
                overlaps.isEmpty(),
                "two replicas ran the job at the same time:\n"
                        + String.join("\n", overlaps)
                        + "\n"
                        + group.describe());
    }

    private static Set<String> replicaIds(List<Run> runs) {
        return runs.stream().map(Run::replicaId).collect(Collectors.toCollection(TreeSet::new));
    }
}
