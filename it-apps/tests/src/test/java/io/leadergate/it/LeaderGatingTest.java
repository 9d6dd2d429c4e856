package io.leadergate.it;

import static io.leadergate.it.LeaseTimings.LEASE_DURATION;
import static io.leadergate.it.LeaseTimings.RENEW_DEADLINE;
import static io.leadergate.it.LeaseTimings.RETRY_PERIOD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.testsupport.Await;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three JVMs of the plain app, each started as {@code java -javaagent:leadergate-agent.jar -jar
 * plain-app.jar} with only environment variables as configuration, against the dev API server.
 * Every test also checks the one property that matters most: no two replicas ever ran gated work at
 * overlapping times.
 */
class LeaderGatingTest {

    /** JVM start plus first election for three JVMs at once on a busy two-core host. */
    private static final Duration FIRST_LEADER = Duration.ofSeconds(90);

    private static final Duration OBSERVATION = Duration.ofSeconds(4);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Headroom for a loaded host on top of the protocol's own bound; still far below "never". */
    private static final Duration TAKEOVER_SLACK = Duration.ofSeconds(3);

    private static final Pattern STANDING_BY = Pattern.compile("(?m)^replica-\\d+: standing by");

    @RegisterExtension static final LeaseCluster cluster = new LeaseCluster();

    private ReplicaGroup group;

    @Test
    void exactlyOneOfThreeReplicasRunsTheGatedWork() {
        group = cluster.startWithAgent(3, ItConfig.plainAppJar(), "exactly-one");
        Run fresh = group.awaitSettledLeader(FIRST_LEADER, PATIENCE);
        List<Run> inWindow = group.runsDuring(fresh, OBSERVATION, PATIENCE);
        assertEquals(
                Set.of(fresh.replicaId()),
                replicaIds(inWindow),
                "only the leader may run gated work while it holds the lease\n" + group.describe());
        // ~57 runs at one per 70 ms; a far lower floor still proves the leader kept working.
        assertTrue(
                inWindow.size() >= 15,
                "the leader stalled: " + inWindow.size() + " runs\n" + group.describe());
        for (ReplicaProcess other : group.othersThan(fresh.replicaId())) {
            assertTrue(other.isAlive(), other.id() + " died\n" + group.describe());
            other.awaitStdoutLine(
                    STANDING_BY, PATIENCE); // it calls the gated method; the agent skips it
        }
        assertNoOverlaps();
    }

    @Test
    void killedLeaderIsReplacedWhenItsLeaseExpires() {
        group = cluster.startWithAgent(3, ItConfig.plainAppJar(), "kill-9");
        ReplicaProcess leader =
                group.replica(group.awaitSettledLeader(FIRST_LEADER, PATIENCE).replicaId());

        long killNanos = System.nanoTime();
        leader.kill();
        assertEquals(137, leader.awaitExit(PATIENCE), "kill -9 exit status");
        Run lastOld = group.runLog().last(run -> run.replicaId().equals(leader.id())).orElseThrow();
        Run successor =
                group.awaitRun(
                        "another replica to take over",
                        run -> run.startNanos() > killNanos && !run.replicaId().equals(leader.id()),
                        PATIENCE);

        long takeover = successor.startNanos() - killNanos;
        Measurements.record("kill -9 of the leader -> first run of the successor", takeover);
        // Candidates acquire once the record has been unchanged for leaseDuration, polling every
        // ~retryPeriod.
        Duration bound = LEASE_DURATION.plus(RETRY_PERIOD).plus(TAKEOVER_SLACK);
        assertTrue(
                takeover <= bound.toNanos(),
                "takeover took "
                        + Measurements.seconds(takeover)
                        + ", more than "
                        + Measurements.seconds(bound)
                        + "\n"
                        + group.describe());
        // Not too early either: the old leader's last run proves a renew sent after lastOld.start -
        // renewDeadline,
        // and no candidate may acquire within leaseDuration of seeing that renew.
        long sinceOldRun = successor.startNanos() - lastOld.startNanos();
        Duration earliest = LEASE_DURATION.minus(RENEW_DEADLINE);
        assertTrue(
                sinceOldRun >= earliest.toNanos(),
                "successor ran "
                        + Measurements.seconds(sinceOldRun)
                        + " after the old leader's last run, before its lease could have expired ("
                        + Measurements.seconds(earliest)
                        + ")\n"
                        + group.describe());
        assertTrue(
                group.replica(successor.replicaId()).stderr().contains("became leader"),
                "the successor's agent did not log its leadership\n" + group.describe());
        assertNoOverlaps();
    }

    @Test
    void gracefullyStoppedLeaderHandsOverWithoutWaitingForExpiry() {
        group = cluster.startWithAgent(3, ItConfig.plainAppJar(), "sigterm");
        ReplicaProcess leader =
                group.replica(group.awaitSettledLeader(FIRST_LEADER, PATIENCE).replicaId());

        long stopNanos = System.nanoTime();
        leader.terminate();
        Run successor =
                group.awaitRun(
                        "another replica to take over",
                        run -> run.startNanos() > stopNanos && !run.replicaId().equals(leader.id()),
                        PATIENCE);
        assertEquals(
                143, leader.awaitExit(PATIENCE), "SIGTERM exit status (shutdown hooks completed)");

        long takeover = successor.startNanos() - stopNanos;
        Measurements.record("SIGTERM of the leader -> first run of the successor", takeover);
        assertTrue(
                leader.stderr().contains("released lease"),
                "the leader did not release its lease on SIGTERM\n" + group.describe());
        // Waiting for expiry would take at least the lease duration; the release makes it about one
        // retry period.
        assertTrue(
                takeover < LEASE_DURATION.toNanos(),
                "takeover took "
                        + Measurements.seconds(takeover)
                        + ": the successor waited for expiry instead of seeing the release\n"
                        + group.describe());
        assertNoOverlaps();
    }

    @Test
    void withoutTheAgentEveryReplicaRunsAndOverlapsAreCaught() {
        // Control for the tests above: the same app and run log, minus the agent, must show several
        // replicas and overlapping runs — otherwise "one replica, no overlaps" would prove nothing.
        group = cluster.startWithoutAgent(2, ItConfig.plainAppJar());
        Await.until(
                "both ungated replicas to run the work",
                FIRST_LEADER,
                () -> replicaIds(group.runLog().runs()).size() == 2,
                group::describe);
        Await.until(
                "the run log to show overlapping runs",
                PATIENCE,
                () -> !group.runLog().overlaps().isEmpty(),
                group::describe);
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

    private static Set<String> replicaIds(Collection<Run> runs) {
        return runs.stream()
                .map(Run::replicaId)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
