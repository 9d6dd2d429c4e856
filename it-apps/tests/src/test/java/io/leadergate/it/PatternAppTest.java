package io.leadergate.it;

import static io.leadergate.it.LeaseTimings.LEASE_DURATION;
import static io.leadergate.it.LeaseTimings.RETRY_PERIOD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.testsupport.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three JVMs of pattern-app, whose {@code NightlyReport#generate()} has no annotation and is gated
 * only because {@code LEADERGATE_GATE_METHODS} names it. The same configuration also carries a
 * malformed entry and an exact pattern that matches nothing: both must be reported, and neither may
 * stop the good pattern from applying.
 */
class PatternAppTest {

    private static final String GATED = "io.leadergate.it.pattern.NightlyReport#generate";
    private static final String MISSING = "io.leadergate.it.pattern.NightlyReport#noSuchMethod";
    private static final String MALFORMED = "io.leadergate.it.pattern.NightlyReport";

    private static final Duration FIRST_LEADER = Duration.ofSeconds(90);
    private static final Duration OBSERVATION = Duration.ofSeconds(3);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration TAKEOVER_SLACK = Duration.ofSeconds(3);

    /** The agent reports unmatched patterns 30 s after start; slack for a loaded host. */
    private static final Duration UNMATCHED_REPORT = Duration.ofSeconds(75);

    private static final Pattern STANDING_BY = Pattern.compile("(?m)^replica-\\d+: standing by");

    @RegisterExtension static final LeaseCluster cluster = new LeaseCluster();

    private ReplicaGroup group;

    @Test
    void aMethodNamedOnlyByConfigurationRunsOnOneReplicaAndFailsOverAfterKill9() {
        group =
                cluster.startWithAgent(
                        3,
                        ItConfig.patternAppJar(),
                        "pattern-app",
                        Map.of("LEADERGATE_GATE_METHODS", GATED + "," + MALFORMED + "," + MISSING));
        Run first =
                group.awaitRun(
                        "a first leader to run the configured method", run -> true, FIRST_LEADER);
        ReplicaProcess leader = group.replica(first.replicaId());
        for (ReplicaProcess follower : group.othersThan(leader.id())) {
            follower.awaitStdoutLine(
                    STANDING_BY, FIRST_LEADER); // it calls the method; the agent skips the body
        }
        long windowEnd = System.nanoTime() + OBSERVATION.toNanos();
        group.awaitRun("the leader to keep running", run -> run.startNanos() > windowEnd, PATIENCE);
        List<Run> sofar = group.runLog().runs();
        assertTrue(
                sofar.stream().allMatch(run -> run.replicaId().equals(leader.id())),
                "only the leader may run the configured method\n" + group.describe());

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
                "pattern-app: kill -9 of the leader -> first run of the successor", takeover);
        Duration bound = LEASE_DURATION.plus(RETRY_PERIOD).plus(TAKEOVER_SLACK);
        assertTrue(
                takeover <= bound.toNanos(),
                "takeover took " + Measurements.seconds(takeover) + "\n" + group.describe());
        assertNoOverlaps();

        for (ReplicaProcess replica : group.othersThan(leader.id())) {
            String stderr = replica.stderr();
            assertTrue(
                    stderr.contains(
                            "ERROR leadergate.gate.methods: pattern '"
                                    + MALFORMED
                                    + "' needs exactly one '#'"),
                    replica.id() + " did not report the malformed pattern\n" + group.describe());
            Await.until(
                    replica.id() + " to log what it gates",
                    PATIENCE,
                    () -> replica.stderr().contains("gating 1 method in 1 class: " + GATED + "()"),
                    group::describe);
        }
        ReplicaProcess survivor = group.replica(successor.replicaId());
        Await.until(
                survivor.id() + " to warn that " + MISSING + " matched nothing",
                UNMATCHED_REPORT,
                () ->
                        survivor.stderr()
                                .contains(
                                        "WARN  leadergate.gate.methods: pattern '"
                                                + MISSING
                                                + "' has matched no method"),
                group::describe);
        assertNoOverlaps();
    }

    private void assertNoOverlaps() {
        List<String> overlaps = group.runLog().overlaps();
        assertTrue(
                overlaps.isEmpty(),
                "two replicas ran the gated method at the same time:\n"
                        + String.join("\n", overlaps)
                        + "\n"
                        + group.describe());
    }
}
