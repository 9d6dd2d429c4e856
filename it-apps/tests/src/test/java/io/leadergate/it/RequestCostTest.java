package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.testsupport.Await;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the election costs the API server, and how fast a graceful handover is, with the agent's
 * watch (the default) and with {@code LEADERGATE_WATCH=false} (client-go's polling): three
 * plain-app JVMs at the default timings (15 s / 10 s / 2 s), each with its own dev server client,
 * so the server's request counts tell leader and followers apart. Counts and handover times are
 * recorded in {@code measurements.txt}; assertions are limited to what the protocol guarantees.
 */
class RequestCostTest {

    private static final Duration RETRY_PERIOD = Duration.ofSeconds(2);
    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);

    /** Steady-state measurement window: ten renewals. */
    private static final Duration WINDOW = Duration.ofSeconds(20);

    private static final Duration FIRST_LEADER = Duration.ofSeconds(90);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Pattern STANDING_BY = Pattern.compile("(?m)^replica-\\d+: standing by");
    private static final List<String> IDS = List.of("replica-1", "replica-2", "replica-3");

    @RegisterExtension static final LeaseCluster cluster = LeaseCluster.withoutClassServer();

    private CountedReplicas replicas;
    private DevServerProcess server;
    private RunLog runLog;

    @Test
    void watchingFollowersSendNothingTheLeaderOneUpdatePerRenewAndAReleaseIsTakenAtOnce() {
        ReplicaProcess leader = startThreeReplicas(true);
        for (ReplicaProcess follower : followersOf(leader)) {
            Await.until(
                    follower.id() + "'s watch",
                    PATIENCE,
                    () -> DevServerRequests.fetch(server).count(follower.id(), "watch") >= 1,
                    this::describe);
        }

        DevServerRequests counts = measureWindow("watch", leader);
        assertEquals(
                0,
                counts.count(leader.id(), "get"),
                "the leader renews on its cached object\n" + counts);
        assertLeaderOnlyRenews(leader, counts);
        for (ReplicaProcess follower : followersOf(leader)) {
            assertEquals(
                    0,
                    counts.total(follower.id()) - counts.count(follower.id(), "watch"),
                    follower.id() + " sent requests besides its watch\n" + counts);
            assertTrue(
                    counts.count(follower.id(), "watch") <= 1,
                    follower.id() + " re-watched repeatedly\n" + counts);
        }

        long handover = gracefulHandover(leader, "watch");
        // Polling would wait for the successor's next GET: up to 2.2 retry periods (client-go's
        // jitter).
        assertTrue(
                handover < RETRY_PERIOD.toNanos(),
                "handover took "
                        + Measurements.seconds(handover)
                        + ": the successor did not act on the release event\n"
                        + describe());
    }

    @Test
    void pollingFollowersGetEveryRetryPeriodAsClientGoDoes() {
        ReplicaProcess leader = startThreeReplicas(false);

        DevServerRequests counts = measureWindow("polling", leader);
        assertLeaderOnlyRenews(leader, counts);
        long expectedPolls =
                WINDOW.toNanos() / (RETRY_PERIOD.toNanos() * 22 / 10); // the longest jittered pause
        for (ReplicaProcess follower : followersOf(leader)) {
            assertEquals(
                    0,
                    counts.count(follower.id(), "watch"),
                    "LEADERGATE_WATCH=false must not watch\n" + counts);
            assertTrue(
                    counts.count(follower.id(), "get") >= expectedPolls / 2,
                    follower.id() + " is not polling\n" + counts);
        }
        gracefulHandover(leader, "polling");
    }

    /**
     * Starts replica-1..3 with their own kubeconfigs; returns the first to run gated work, once the
     * others stand by.
     */
    private ReplicaProcess startThreeReplicas(boolean watch) {
        replicas = cluster.countedReplicas(IDS);
        server = replicas.server();
        runLog = replicas.runLog();
        for (String id : IDS) {
            Map<String, String> env = replicas.env(id, "cost");
            env.put("LEADERGATE_WATCH", Boolean.toString(watch));
            replicas.start(id, env);
        }
        Run first =
                Await.value(
                        "a first leader",
                        FIRST_LEADER,
                        () -> runLog.first(run -> true),
                        this::describe);
        ReplicaProcess leader = replicas.replica(first.replicaId());
        for (ReplicaProcess follower : followersOf(leader)) {
            follower.awaitStdoutLine(STANDING_BY, FIRST_LEADER);
            // The app stands by from its first call; the agent's elector starts a little later.
            Await.until(
                    follower.id() + "'s elector to see the leader",
                    FIRST_LEADER,
                    () -> follower.stderr().contains("new leader is " + leader.id()),
                    this::describe);
        }
        return leader;
    }

    /** Zeroes the counts, waits one window, and records requests per minute by role. */
    private DevServerRequests measureWindow(String mode, ReplicaProcess leader) {
        DevServerRequests.reset(server);
        long start = System.nanoTime();
        try {
            Thread.sleep(WINDOW.toMillis()); // a measurement window, not a timing assertion
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        DevServerRequests counts = DevServerRequests.fetch(server);
        double minutes = (System.nanoTime() - start) / 60e9;
        for (ReplicaProcess replica : replicas.replicas()) {
            String role = replica == leader ? "leader" : "follower";
            Measurements.note(
                    String.format(
                            Locale.ROOT,
                            "requests/min, 3 replicas, %s, %s %s: %.1f (%s in %.1f s)",
                            mode,
                            role,
                            replica.id(),
                            counts.total(replica.id()) / minutes,
                            counts.verbs(replica.id()),
                            minutes * 60));
        }
        assertTrue(
                replicas.replica(leader.id()).isAlive() && runLog.overlaps().isEmpty(),
                "overlapping runs\n" + describe());
        return counts;
    }

    /** One UPDATE per renew: about window / retry period of them, nothing else. */
    private void assertLeaderOnlyRenews(ReplicaProcess leader, DevServerRequests counts) {
        long updates = counts.count(leader.id(), "update");
        long atMost = WINDOW.toNanos() / RETRY_PERIOD.toNanos() + 1;
        long atLeast =
                WINDOW.toNanos() / RENEW_DEADLINE.toNanos(); // renewing at all keeps the lease
        assertTrue(
                updates >= atLeast && updates <= atMost,
                leader.id()
                        + " renewed "
                        + updates
                        + " times in "
                        + Measurements.seconds(WINDOW)
                        + "\n"
                        + counts);
        assertEquals(
                updates,
                counts.total(leader.id()) - counts.count(leader.id(), "watch"),
                "the leader sends one request per renew\n" + counts);
    }

    /**
     * SIGTERMs the leader once it is running; returns the nanos until another replica ran gated
     * work.
     */
    private long gracefulHandover(ReplicaProcess leader, String mode) {
        long now = System.nanoTime();
        Await.value(
                "a fresh run by the leader",
                PATIENCE,
                () ->
                        runLog.first(
                                run ->
                                        run.replicaId().equals(leader.id())
                                                && run.startNanos() > now),
                this::describe);
        long stopNanos = System.nanoTime();
        leader.terminate();
        Run successor =
                Await.value(
                        "another replica to take over",
                        PATIENCE,
                        () ->
                                runLog.first(
                                        run ->
                                                !run.replicaId().equals(leader.id())
                                                        && run.startNanos() > stopNanos),
                        this::describe);
        long handover = successor.startNanos() - stopNanos;
        Measurements.record(
                "SIGTERM of the leader -> first run of the successor, 3 replicas, "
                        + mode
                        + ", retry period "
                        + RETRY_PERIOD.toSeconds()
                        + " s",
                handover);
        assertEquals(143, leader.awaitExit(PATIENCE), "SIGTERM exit status\n" + describe());
        assertTrue(
                runLog.overlaps().isEmpty(), "two replicas ran gated work at once\n" + describe());
        return handover;
    }

    private List<ReplicaProcess> followersOf(ReplicaProcess leader) {
        return replicas.othersThan(leader);
    }

    private String describe() {
        return replicas.describe();
    }
}
