package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.it.ObservedReplicas.Replica;
import io.leadergate.testsupport.Await;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent's health port in separate plain-app JVMs against the dev API server: probes, the {@code
 * /leader} document and {@code /metrics} on leader and followers, through a failover; a port
 * already in use; and a replica that cannot elect.
 */
class HealthEndpointsTest {

    private static final Duration FIRST_LEADER = Duration.ofSeconds(90);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Pattern TRANSITIONS = Pattern.compile("\"leaseTransitions\":(\\d+)");

    @RegisterExtension static final LeaseCluster cluster = new LeaseCluster();

    private ObservedReplicas replicas;

    @Test
    void probesLeaderDocumentAndMetricsFollowAFailover() {
        replicas = cluster.observedReplicas();
        Replica r1 =
                replicas.start(
                        "replica-1",
                        ItConfig.plainAppJar(),
                        "obs",
                        Map.of("LEADERGATE_HEALTH_READINESS", "leader"));
        Replica r2 =
                replicas.start(
                        "replica-2",
                        ItConfig.plainAppJar(),
                        "obs",
                        Map.of("LEADERGATE_HEALTH_READINESS", "leader"));
        Replica always =
                replicas.start(
                        "replica-3",
                        ItConfig.plainAppJar(),
                        "obs",
                        Map.of()); // the default readiness

        Replica leader = replicas.awaitSoleLeader(FIRST_LEADER);
        // Once each follower has seen the holder, every view agrees.
        for (Replica replica : replicas.all()) {
            Await.until(
                    replica.id() + " to see " + leader.id() + " as holder",
                    PATIENCE,
                    () ->
                            replica.health()
                                    .read("/leader")
                                    .contains("\"holderIdentity\":\"" + leader.id() + "\""),
                    replicas::describe);
            assertEquals("200 ok", replica.health().read("/healthz"), replicas.describe());
        }
        for (Replica replica : new Replica[] {r1, r2}) {
            String expected =
                    replica == leader
                            ? "200 leader"
                            : "503 not leader: " + leader.id() + " holds lease default/obs";
            assertEquals(expected, replica.health().read("/readyz"), replicas.describe());
        }
        String alwaysReady = always.health().read("/readyz");
        assertTrue(alwaysReady.startsWith("200 ready: "), alwaysReady + "\n" + replicas.describe());

        String document = leader.health().read("/leader");
        assertTrue(
                document.startsWith(
                        "200 {\"isLeader\":true,\"identity\":\""
                                + leader.id()
                                + "\",\"electing\":true,"),
                document);
        assertTrue(document.contains("\"lease\":\"default/obs\""), document);
        assertTrue(
                document.contains("\"method\":\"io.leadergate.it.plain.SingletonJob#runOnce()\""),
                document);

        String job = "method=\"io.leadergate.it.plain.SingletonJob#runOnce()\"";
        Await.until(
                "the leader's executed and a follower's skipped counters to move",
                PATIENCE,
                () ->
                        leader.health()
                                                .metric(
                                                        "leadergate_gated_invocations_total",
                                                        job + ",outcome=\"executed\"")
                                                .orElse(0.0)
                                        > 0
                                && follower(leader, r1, r2)
                                                .health()
                                                .metric(
                                                        "leadergate_gated_invocations_total",
                                                        job + ",outcome=\"skipped\"")
                                                .orElse(0.0)
                                        > 0,
                replicas::describe);
        assertEquals(
                1.0,
                leader.health()
                        .metric("leader_election_master_status", "name=\"obs\"")
                        .orElseThrow());
        assertEquals(
                1.0,
                leader.health().metric("leader_election_is_leader", "name=\"obs\"").orElseThrow());
        assertEquals(
                1.0,
                leader.health()
                        .metric("leader_election_transitions_total", "name=\"obs\"")
                        .orElseThrow());
        assertEquals(
                0.0,
                follower(leader, r1, r2)
                        .health()
                        .metric("leader_election_master_status", "name=\"obs\"")
                        .orElseThrow());
        // The first renewal comes a retry period after the acquire, which a fast start can beat.
        Await.until(
                "the leader's first timed renewal",
                PATIENCE,
                () ->
                        leader.health()
                                        .metric(
                                                "leadergate_lease_renew_seconds_count",
                                                "name=\"obs\"")
                                        .orElse(0.0)
                                > 0,
                replicas::describe);
        int transitionsBefore = transitions(document);

        leader.process().terminate(); // SIGTERM: releases the lease, a follower takes over at once
        // Until its shutdown hook runs, the terminated replica still answers as the leader: wait
        // for its exit.
        leader.process().awaitExit(PATIENCE);
        Replica successor = replicas.awaitSoleLeader(PATIENCE);
        assertTrue(successor != leader, "the terminated replica cannot lead");
        Await.until(
                "the successor's readiness",
                PATIENCE,
                () ->
                        successor
                                .health()
                                .read("/readyz")
                                .equals(successor == always ? "200 ready: leader" : "200 leader"),
                replicas::describe);
        String after = successor.health().read("/leader");
        assertTrue(
                transitions(after) > transitionsBefore,
                "leaseTransitions must grow on a change of holder: " + after);
        assertEquals(
                1.0,
                successor
                        .health()
                        .metric("leader_election_transitions_total", "name=\"obs\"")
                        .orElseThrow());
        assertTrue(
                replicas.runLog().overlaps().isEmpty(), "overlapping runs\n" + replicas.describe());
    }

    @Test
    void aHealthPortInUseIsLoggedOnceAndTheAppAndElectionGoOn() throws Exception {
        replicas = cluster.observedReplicas();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Replica replica =
                    replicas.start(
                            "replica-1",
                            ItConfig.plainAppJar(),
                            "port-taken",
                            Map.of("LEADERGATE_HEALTH_PORT", String.valueOf(taken.getLocalPort())));
            Await.until(
                    "the replica to lead and run gated work",
                    FIRST_LEADER,
                    () -> replicas.runLog().first(run -> true).isPresent(),
                    replicas::describe);
            assertTrue(replica.process().isAlive());
            String stderr = replica.process().stderr();
            assertEquals(
                    1,
                    stderr.lines()
                            .filter(
                                    l ->
                                            l.contains(
                                                    "cannot listen on 127.0.0.1:"
                                                            + taken.getLocalPort()))
                            .count(),
                    stderr);
            assertTrue(stderr.contains("became leader of lease default/port-taken"), stderr);
            assertTrue(!stderr.contains("\tat "), "no stack trace for a busy port:\n" + stderr);
        }
    }

    @Test
    void aReplicaThatCannotElectIsLiveButNotReadyAndSaysWhy() {
        replicas = cluster.observedReplicas();
        // No lease name, and a pod name no lease name can be derived from: the agent runs but does
        // not elect.
        Replica replica =
                replicas.start(
                        "replica-1",
                        ItConfig.plainAppJar(),
                        null,
                        Map.of("POD_NAME", "standalone"));
        Await.until(
                "the health port to report the missing lease",
                FIRST_LEADER,
                () -> replica.health().read("/readyz").startsWith("503 not ready: not electing ("),
                replicas::describe);
        assertTrue(
                replica.health().read("/healthz").startsWith("200 ok: not electing ("),
                replicas.describe());
        assertTrue(
                replica.health().read("/leader").contains("\"electing\":false"),
                replicas.describe());
        assertTrue(replica.process().isAlive());
    }

    private static Replica follower(Replica leader, Replica a, Replica b) {
        return leader == a ? b : a;
    }

    private static int transitions(String document) {
        Matcher m = TRANSITIONS.matcher(document);
        assertTrue(m.find(), document);
        return Integer.parseInt(m.group(1));
    }
}
