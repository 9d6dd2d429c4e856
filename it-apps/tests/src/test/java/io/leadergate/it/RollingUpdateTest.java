package io.leadergate.it;

import static io.leadergate.it.LeaseTimings.LEASE_DURATION;
import static io.leadergate.it.LeaseTimings.RETRY_PERIOD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.it.ObservedReplicas.Replica;
import io.leadergate.testsupport.Await;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Deployment's rolling update of 3 replicas as its controller runs it with {@code maxSurge: 1,
 * maxUnavailable: 0} (what 25 % rounds to for 3 replicas): start a new pod, wait until its
 * readiness probe ({@code GET /readyz}, the documented probe, default readiness) passes, delete an
 * old pod (SIGTERM), repeat until every pod is new. With the default readiness the rollout
 * completes; with {@code leader} readiness the surge pod is a follower and answers 503, which is
 * why that mode is opt-in.
 */
class RollingUpdateTest {

    private static final Duration FIRST_LEADER = Duration.ofSeconds(90);

    /** JVM start of a surge pod on a busy two-core host, up to its first passing probe. */
    private static final Duration READY = Duration.ofSeconds(60);

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /**
     * Longest stretch without a gated run allowed during the rollout: every old pod leaves by
     * SIGTERM and releases the Lease, so a watching successor starts within milliseconds; the bound
     * is what a lost release would cost (expiry after one lease duration, noticed within a retry
     * period), plus a second of scheduling slack for four JVMs on two cores.
     */
    private static final Duration GAP_BOUND = LEASE_DURATION.plus(RETRY_PERIOD).plusSeconds(1);

    @RegisterExtension static final LeaseCluster cluster = new LeaseCluster();

    @Test
    void aRollingUpdateOfThreeReplicasCompletesWithOneLeaderAtATime() {
        ObservedReplicas replicas = cluster.observedReplicas();
        Deque<Replica> old = new ArrayDeque<>();
        for (int i = 1; i <= 3; i++) {
            old.add(replicas.start("old-" + i, ItConfig.plainAppJar(), "rollout", Map.of()));
        }
        replicas.awaitSoleLeader(FIRST_LEADER);
        for (Replica replica : old) {
            awaitReady(replicas, replica, FIRST_LEADER);
        }
        long rolloutStart = System.nanoTime();

        for (int i = 1; i <= 3; i++) {
            Replica surge = replicas.start("new-" + i, ItConfig.plainAppJar(), "rollout", Map.of());
            awaitReady(replicas, surge, READY);
            Replica leaving = old.removeFirst();
            leaving.process().terminate();
            assertEquals(
                    143,
                    leaving.process().awaitExit(PATIENCE),
                    leaving.id() + " exits after its shutdown hooks\n" + replicas.describe());
        }

        Replica leader = replicas.awaitSoleLeader(PATIENCE);
        assertTrue(
                leader.id().startsWith("new-"),
                "a new pod leads once every old one is gone: " + leader.id());
        long afterRollout = System.nanoTime();
        Await.until(
                leader.id() + " to run gated work after the rollout",
                PATIENCE,
                () -> replicas.runLog().first(run -> run.startNanos() > afterRollout).isPresent(),
                replicas::describe);

        List<Run> runs =
                replicas.runLog().runs().stream()
                        .filter(run -> run.endNanos() > rolloutStart)
                        .toList();
        long longestGap = longestGap(runs);
        Measurements.record(
                "rolling update of 3 replicas (surge 1, SIGTERM): longest gap without a gated run",
                longestGap);
        assertTrue(
                replicas.runLog().overlaps().isEmpty(), "overlapping runs\n" + replicas.describe());
        assertTrue(
                longestGap <= GAP_BOUND.toNanos(),
                "a gap of "
                        + Measurements.seconds(longestGap)
                        + " without a leader during the rollout, bound "
                        + Measurements.seconds(GAP_BOUND)
                        + "\n"
                        + replicas.describe());
    }

    /** What the opt-in mode does to the same rollout's first step: the surge pod is never Ready. */
    @Test
    void withLeaderReadinessTheSurgePodIsNotReady() {
        ObservedReplicas replicas = cluster.observedReplicas();
        Map<String, String> leaderReadiness = Map.of("LEADERGATE_HEALTH_READINESS", "leader");
        Replica leader =
                replicas.start("old-1", ItConfig.plainAppJar(), "rollout-stalls", leaderReadiness);
        Await.until(
                "old-1 to lead and be Ready",
                FIRST_LEADER,
                () -> leader.health().read("/readyz").equals("200 leader"),
                replicas::describe);
        Replica surge =
                replicas.start("new-1", ItConfig.plainAppJar(), "rollout-stalls", leaderReadiness);
        // Once it has seen the holder its answer is final for as long as old-1 lives: 503, so the
        // controller waits forever to delete old-1.
        Await.until(
                "new-1 to see old-1 as the holder",
                READY,
                () ->
                        surge.health()
                                .read("/readyz")
                                .equals("503 not leader: old-1 holds lease default/rollout-stalls"),
                replicas::describe);
    }

    /** Waits as the kubelet's probe would: until {@code /readyz} answers 200. */
    private static void awaitReady(ObservedReplicas replicas, Replica replica, Duration timeout) {
        Await.until(
                replica.id() + " to pass its readiness probe",
                timeout,
                () -> replica.health().get("/readyz").map(r -> r.statusCode() == 200).orElse(false),
                replicas::describe);
    }

    /** Longest stretch between the end of all runs so far and the start of the next one. */
    private static long longestGap(List<Run> runsInStartOrder) {
        long longest = 0;
        long coveredUntil = Long.MIN_VALUE;
        for (Run run : runsInStartOrder) {
            if (coveredUntil != Long.MIN_VALUE) {
                longest = Math.max(longest, run.startNanos() - coveredUntil);
            }
            coveredUntil = Math.max(coveredUntil, run.endNanos());
        }
        return longest;
    }
}
