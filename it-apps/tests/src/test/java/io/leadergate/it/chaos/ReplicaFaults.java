package io.leadergate.it.chaos;

import static io.leadergate.it.LeaseTimings.LEASE_DURATION;
import static io.leadergate.it.LeaseTimings.RENEW_DEADLINE;

import io.leadergate.it.chaos.ChaosCluster.Member;
import io.leadergate.testsupport.Await;
import java.time.Duration;
import java.util.List;

/**
 * Faults of the leader replica: killed, stopped, paused, cut off from the API server, and a release
 * raced for by many candidates. Dead replicas are replaced, so the population stays.
 */
final class ReplicaFaults {

    /** Replicas contending in a conflict storm. */
    static final int STORM_POPULATION = 10;

    /**
     * Bounds on waits for the protocol to act; generous for a loaded host, they only stop a hung
     * run.
     */
    private static final Duration TAKEOVER_PATIENCE = Duration.ofSeconds(60);

    private static final Duration EXIT_PATIENCE = Duration.ofSeconds(30);
    private static final Duration STARTUP_PATIENCE = Duration.ofSeconds(180);

    private final ChaosCluster cluster;
    private final Signals signals;
    private final Pacing pacing;
    private final int basePopulation;

    ReplicaFaults(ChaosCluster cluster, Signals signals, Pacing pacing, int basePopulation) {
        this.cluster = cluster;
        this.signals = signals;
        this.pacing = pacing;
        this.basePopulation = basePopulation;
    }

    /** kill -9: no release; the others wait for the lease to expire. */
    InjectedFault kill(int index, Member leader) {
        long start = System.nanoTime();
        leader.process().kill();
        cluster.replace(leader);
        leader.process().awaitExit(EXIT_PATIENCE);
        return InjectedFault.of(
                index, FaultType.KILL_LEADER, leader.id(), "", start, start, List.of());
    }

    /** SIGTERM: the agent's shutdown hook closes the gate and releases the lease. */
    InjectedFault terminate(int index, Member leader) {
        long start = System.nanoTime();
        leader.process().terminate();
        cluster.replace(leader);
        int exit = leader.process().awaitExit(EXIT_PATIENCE);
        return InjectedFault.of(
                index, FaultType.TERM_LEADER, leader.id(), "exit " + exit, start, start, List.of());
    }

    /**
     * SIGSTOP aimed between two gated runs, held until the lease has expired and another replica
     * runs, then SIGCONT. The resumed JVM's threads continue mid-flight, but its gate deadline has
     * passed, and another replica holds the lease: it may not start a run until it wins the lease
     * back, which it cannot before it has watched the new holder's record for a lease duration.
     */
    InjectedFault pause(int index, Member leader) {
        Duration atLeast =
                LEASE_DURATION.plus(
                        pacing.between(Duration.ofMillis(300), Duration.ofMillis(1500)));
        awaitFreshRunBy(leader);
        signals.stop(leader.process().pid());
        long stopped = System.nanoTime();
        try {
            Await.until(
                    "another replica to run while " + leader.id() + " is stopped",
                    TAKEOVER_PATIENCE,
                    () ->
                            System.nanoTime() - stopped >= atLeast.toNanos()
                                    && cluster.takenOverSince(leader, stopped),
                    cluster::describe);
        } finally {
            signals.resume(leader.process().pid());
        }
        long resumed = System.nanoTime();
        Silence silence =
                new Silence(
                        leader.id(),
                        stopped,
                        cluster.silencedUntil(resumed, LEASE_DURATION),
                        "paused past its lease, then another replica held it: no run until re-elected");
        return InjectedFault.of(
                        index,
                        FaultType.PAUSE_LEADER,
                        leader.id(),
                        "stopped " + Pacing.seconds(resumed - stopped),
                        stopped,
                        stopped,
                        List.of(silence))
                .withPauseStart(stopped);
    }

    /**
     * The leader's proxy cut until another replica runs (and a little longer), the others
     * untouched.
     */
    InjectedFault partition(int index, Member leader) {
        leader.proxy().cut();
        long cut = System.nanoTime();
        try {
            Await.until(
                    "another replica to take over from the partitioned " + leader.id(),
                    TAKEOVER_PATIENCE,
                    () -> cluster.takenOverSince(leader, cut),
                    cluster::describe);
            Pacing.sleep(pacing.between(Duration.ZERO, Duration.ofSeconds(1)));
        } finally {
            leader.proxy().restore();
        }
        long restored = System.nanoTime();
        Silence silence =
                new Silence(
                        leader.id(),
                        cut + RENEW_DEADLINE.toNanos(),
                        cluster.silencedUntil(restored, LEASE_DURATION),
                        "cut off: its gate closes within the renew deadline, and after the cut another replica holds the lease");
        return InjectedFault.of(
                index,
                FaultType.PARTITION_LEADER,
                leader.id(),
                "cut " + Pacing.seconds(restored - cut),
                cut,
                cut,
                List.of(silence));
    }

    /**
     * Scales to {@link #STORM_POPULATION}, waits until every candidate is electing, then SIGTERMs
     * it: its release reaches all candidates at once and they race with the same resourceVersion;
     * one update wins, the others get 409. Then back to the base population.
     */
    InjectedFault conflictStorm(int index) {
        while (cluster.members().size() < STORM_POPULATION) {
            cluster.add();
        }
        cluster.awaitAllContending(STARTUP_PATIENCE);
        Member leader =
                cluster.awaitLeader(
                        "a leader among " + STORM_POPULATION + " replicas",
                        System.nanoTime(),
                        TAKEOVER_PATIENCE);
        long conflictsBefore = cluster.server().conflicts();
        long start = System.nanoTime();
        leader.process().terminate();
        cluster.remove(leader);
        Member successor =
                cluster.awaitLeader("a successor in the storm", start, TAKEOVER_PATIENCE);
        leader.process().awaitExit(EXIT_PATIENCE);
        Pacing.sleep(
                Duration.ofMillis(
                        300)); // the losers' 409 lines reach the server's log after the winner runs
        long conflicts = cluster.server().conflicts() - conflictsBefore;
        for (Member extra : cluster.othersThan(successor)) {
            if (cluster.members().size() <= basePopulation) {
                break;
            }
            extra.process().kill();
            extra.process().awaitExit(EXIT_PATIENCE);
            cluster.remove(extra);
        }
        return InjectedFault.of(
                        index,
                        FaultType.CONFLICT_STORM,
                        leader.id(),
                        (STORM_POPULATION - 1) + " candidates, " + conflicts + " x 409",
                        start,
                        start,
                        List.of())
                .withConflicts(conflicts);
    }

    /**
     * Returns just after {@code replica} finished a run, so a signal sent now lands between two
     * runs.
     */
    private void awaitFreshRunBy(Member replica) {
        long since = System.nanoTime();
        long deadline = since + TAKEOVER_PATIENCE.toNanos();
        while (cluster.runs()
                .firstStartingAfter(since, run -> ChaosCluster.replicaOf(run).equals(replica.id()))
                .isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(
                        replica.id()
                                + " ran nothing for "
                                + TAKEOVER_PATIENCE
                                + "\n"
                                + cluster.describe());
            }
            Thread.onSpinWait(); // polling, not sleeping: the next 50 ms pause between runs is
            // the target
        }
    }
}
