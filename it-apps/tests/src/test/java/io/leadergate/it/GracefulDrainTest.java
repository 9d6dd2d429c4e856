package io.leadergate.it;

import static io.leadergate.it.LeaseTimings.LEASE_DURATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGTERM reaches the leader while it is inside a long gated call (2.5 s per run, longer than the 2
 * s lease) of an app whose own shutdown hook lets that call finish, as a well-behaved app (or
 * Spring's scheduler) does. The agent's shutdown hook shuts the gate, keeps renewing and waits for
 * the call before it releases the Lease. The successor, which watches the Lease and acquires within
 * milliseconds of a release, must start its first run only after the old leader's call ended, and
 * still right after it, not at the lease's expiry. (An agent that released at once let the
 * successor run while the old call was still finishing: this test caught it.)
 */
class GracefulDrainTest {

    private static final long RUN_MILLIS = 2500;

    /** JVM start plus first election for three JVMs at once on a busy two-core host. */
    private static final Duration FIRST_LEADER = Duration.ofSeconds(90);

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** How far into a run the SIGTERM is aimed: far from both ends of the 2.5 s call. */
    private static final long AIM_NANOS = Duration.ofMillis(700).toNanos();

    @RegisterExtension static final LeaseCluster cluster = new LeaseCluster();

    private ReplicaGroup group;

    @Test
    void sigtermDuringAGatedCallHandsOverOnlyAfterTheCallHasEnded() {
        group =
                cluster.startWithAgent(
                        3,
                        ItConfig.plainAppJar(),
                        "drain",
                        Map.of(
                                "IT_RUN_MILLIS",
                                String.valueOf(RUN_MILLIS),
                                "IT_FINISH_ON_SHUTDOWN",
                                "true"));
        ReplicaProcess leader =
                group.replica(group.awaitSettledLeader(FIRST_LEADER, PATIENCE).replicaId());

        long stopNanos = terminateInsideARun(leader);
        Run successor =
                group.awaitRun(
                        "another replica to take over",
                        run -> run.startNanos() > stopNanos && !run.replicaId().equals(leader.id()),
                        PATIENCE);
        assertEquals(
                143, leader.awaitExit(PATIENCE), "SIGTERM exit status (shutdown hooks completed)");

        Run lastOld = group.runLog().last(run -> run.replicaId().equals(leader.id())).orElseThrow();
        assertTrue(
                lastOld.startNanos() < stopNanos && stopNanos < lastOld.endNanos(),
                "the SIGTERM must land inside a gated call for this test to mean anything: "
                        + lastOld
                        + ", SIGTERM at "
                        + stopNanos
                        + "\n"
                        + group.describe());
        assertTrue(
                successor.startNanos() >= lastOld.endNanos(),
                "the successor started "
                        + Measurements.seconds(lastOld.endNanos() - successor.startNanos())
                        + " before the old leader's call ended\n"
                        + group.describe());
        long afterCallEnd = successor.startNanos() - lastOld.endNanos();
        Measurements.record(
                "SIGTERM inside a 2.5 s gated call -> successor's first run, after the call's end",
                afterCallEnd);
        Measurements.record(
                "SIGTERM inside a 2.5 s gated call -> old leader's call ended (drain)",
                lastOld.endNanos() - stopNanos);

        String oldLog = leader.stderr();
        assertTrue(
                oldLog.contains(
                        "stopping: waiting up to 30000 ms for 1 gated call to finish before releasing lease"),
                "the hook waited for the call\n" + group.describe());
        assertTrue(
                oldLog.contains("released lease default/drain"),
                "released after the drain\n" + group.describe());
        // Expiry would come one lease duration after the last renewal, which went on until the call
        // ended.
        assertTrue(
                afterCallEnd < LEASE_DURATION.toNanos(),
                "the successor started "
                        + Measurements.seconds(afterCallEnd)
                        + " after the call ended: it waited for expiry instead of the release\n"
                        + group.describe());
        assertNoOverlaps();
    }

    /**
     * Sends SIGTERM {@link #AIM_NANOS} into one of the leader's runs: a run starts about 50 ms
     * after the previous one ends (the app's loop), and a run ending is what the run log shows.
     * Aims at the next run after a recorded one, unless that one was noticed too late to hit the
     * next run well inside; then waits for another.
     */
    private long terminateInsideARun(ReplicaProcess leader) {
        long seenAfter = System.nanoTime();
        while (true) {
            long since = seenAfter;
            Run previous =
                    group.awaitRun(
                            "a run of " + leader.id() + " to end",
                            run -> run.replicaId().equals(leader.id()) && run.endNanos() > since,
                            PATIENCE);
            long aim = previous.endNanos() + AIM_NANOS;
            if (System.nanoTime() - (aim + AIM_NANOS) < 0) {
                LockSupport.parkNanos(
                        aim - System.nanoTime()); // positions the signal; asserts nothing
                long stopNanos = System.nanoTime();
                leader.terminate();
                return stopNanos;
            }
            seenAfter = previous.endNanos();
        }
    }

    private void assertNoOverlaps() {
        List<String> overlaps = group.runLog().overlaps();
        assertTrue(
                overlaps.isEmpty(),
                "two replicas ran gated work at the same time:\n"
                        + String.join("\n", overlaps)
                        + "\n"
                        + group.describe());
    }
}
