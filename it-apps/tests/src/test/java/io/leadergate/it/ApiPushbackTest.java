package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.testsupport.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An API server that pushes back (issue 14, part 2), with plain-app JVMs against the dev server,
 * each replica its own client so the server's counts tell them apart: a window of 429s with
 * Retry-After, where the replicas' request count must stay within what the pushback rule allows
 * (ElectionSettings.MAX_RETRY_AFTER_SECONDS) and leadership must come back after it; and watches
 * the server ends every 1–3 s with a last BOOKMARK, which the agent must resume without listing
 * again and without missing a release. Counts, not timings, are asserted, except that a release is
 * taken well before a follower that missed it could have expired the Lease.
 */
class ApiPushbackTest {

    @RegisterExtension static final LeaseCluster cluster = LeaseCluster.withoutClassServer();

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private CountedReplicas replicas;
    private DevServerProcess server;
    private RunLog runLog;

    // ---------------------------------------------------------------------------------------------
    // 429 with Retry-After for a window.

    private static final int THROTTLED_REPLICAS = 4;
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(2);
    private static final Duration RETRY = Duration.ofMillis(500);
    private static final int RETRY_AFTER_SECONDS = 2;
    private static final Duration THROTTLE_WINDOW = Duration.ofSeconds(10);

    /**
     * Polling replicas (the case where contenders send requests at all): while every request is
     * answered 429 with Retry-After 2 s, each replica spaces its calls at least 2 s apart, except a
     * leader inside its term, which sends at most one renewal per retry period until its renew
     * deadline. So during a window W: at most {@code N × (1 + W / RetryAfter) + (renewDeadline /
     * retryPeriod + 1)} requests; client-go's loop without the rest client's retries would send
     * about {@code N × W / retryPeriod / 1.6}, and with them several times that. After the window a
     * leader runs again; never two at once.
     */
    @Test
    void aThrottledApiServerGetsNoMoreThanRetryAfterAllowsAndLeadershipResumesAfterIt() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= THROTTLED_REPLICAS; i++) {
            ids.add("replica-" + i);
        }
        startServer(ids);
        for (String id : ids) {
            Map<String, String> env = replicaEnv(id, "throttled", false);
            env.put("LEADERGATE_LEASE_DURATION", LEASE.toMillis() + "ms");
            env.put("LEADERGATE_RENEW_DEADLINE", RENEW_DEADLINE.toMillis() + "ms");
            env.put("LEADERGATE_RETRY_PERIOD", RETRY.toMillis() + "ms");
            replicas.start(id, env);
        }
        Await.value("a first leader", PATIENCE, () -> runLog.first(run -> true), this::describe);
        for (String id : ids) {
            Await.until(
                    id + " electing",
                    PATIENCE,
                    () -> DevServerRequests.fetch(server).total(id) >= 2,
                    this::describe);
        }

        DevServerRequests.reset(server);
        DevServerHooks.setFaults(
                server, "{\"errorCode\":429,\"retryAfterSeconds\":" + RETRY_AFTER_SECONDS + "}");
        long windowStart = System.nanoTime();
        hold(THROTTLE_WINDOW);
        DevServerRequests during = DevServerRequests.fetch(server);
        long windowNanos = System.nanoTime() - windowStart;
        DevServerHooks.clearFaults(server);
        long windowEnd = System.nanoTime();
        DevServerRequests.reset(server);

        long perContender = 1 + windowNanos / Duration.ofSeconds(RETRY_AFTER_SECONDS).toNanos();
        long leaderTerm = RENEW_DEADLINE.toNanos() / RETRY.toNanos() + 1;
        long bound = THROTTLED_REPLICAS * perContender + leaderTerm;
        long total = ids.stream().mapToLong(during::total).sum();
        Measurements.note(
                String.format(
                        Locale.ROOT,
                        "429 window of %.1f s (Retry-After %d s), %d polling replicas at %s / %s /"
                                + " %s: %d requests (bound %d; one per retry period would be %d):"
                                + " %s",
                        windowNanos / 1e9,
                        RETRY_AFTER_SECONDS,
                        THROTTLED_REPLICAS,
                        LEASE,
                        RENEW_DEADLINE,
                        RETRY,
                        total,
                        bound,
                        THROTTLED_REPLICAS * windowNanos / RETRY.toNanos(),
                        during));
        assertTrue(
                total <= bound, total + " requests in the window, bound " + bound + "\n" + during);
        for (String id : ids) {
            assertTrue(
                    during.total(id) <= perContender + leaderTerm,
                    id + " sent " + during.total(id) + " requests in the window\n" + during);
            assertTrue(during.total(id) >= 1, id + " stopped trying altogether\n" + during);
        }

        Run resumed =
                Await.value(
                        "a leader again after the window",
                        PATIENCE,
                        () -> runLog.first(run -> run.startNanos() > windowEnd),
                        this::describe);
        Measurements.record(
                "429 window end -> first gated run, " + THROTTLED_REPLICAS + " polling replicas",
                resumed.startNanos() - windowEnd);
        Measurements.note(
                "requests in the "
                        + Measurements.seconds(System.nanoTime() - windowEnd)
                        + " after the 429 window until a leader ran again: "
                        + DevServerRequests.fetch(server));
        assertTrue(
                runLog.overlaps().isEmpty(), "two replicas ran gated work at once\n" + describe());
    }

    // ---------------------------------------------------------------------------------------------
    // Watches closed by the server every 1–3 s, with bookmarks.

    private static final int RELEASES = 3;

    /** A follower that missed the release would take over only once the Lease expired: 15 s. */
    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(2 + 3);

    /**
     * Default timings (15 s / 10 s / 2 s), watching (the default), the server ending every watch
     * after 1–3 s with a last BOOKMARK. Two replicas at a time; the leader is SIGTERMed (it
     * releases) {@value #RELEASES} times, each once the follower's watch has been ended and resumed
     * twice, and a new replica joins each time. Every replica opens watch after watch, yet sends no
     * GET after its first election turns (the watch resumes from the bookmark's resourceVersion; a
     * re-list would be a GET), and each release is taken within a retry period plus slack, where a
     * follower that missed it would wait for the Lease's expiry.
     */
    @Test
    void watchesClosedEveryFewSecondsResumeFromBookmarksWithoutAListAndMissNoRelease() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= RELEASES + 2; i++) {
            ids.add("replica-" + i);
        }
        startServer(ids);
        DevServerHooks.setFaults(server, "{\"closeWatchesAfterMillis\":[1000,3000]}");
        Map<String, Long> getsWhenSettled = new LinkedHashMap<>();
        ReplicaProcess leader = join(ids.get(0));
        Await.value(
                "a first leader",
                PATIENCE,
                () -> runLog.first(run -> run.replicaId().equals(ids.get(0))),
                this::describe);
        awaitSettled(join(ids.get(1)), leader, getsWhenSettled);

        for (int i = 0; i < RELEASES; i++) {
            ReplicaProcess successor = otherLive(leader);
            awaitWatchesResumed(successor, 3);
            long handover = release(leader);
            Measurements.record(
                    "SIGTERM of the leader -> successor's first run, watches closed every 1-3 s",
                    handover);
            assertTrue(
                    handover < TAKEOVER_BOUND.toNanos(),
                    successor.id()
                            + " took over "
                            + Measurements.seconds(handover)
                            + " after the release: it did not see it on its watch\n"
                            + describe());
            leader = successor;
            awaitSettled(join(ids.get(i + 2)), leader, getsWhenSettled);
        }

        DevServerRequests end = DevServerRequests.fetch(server);
        for (Map.Entry<String, Long> settled : getsWhenSettled.entrySet()) {
            String id = settled.getKey();
            assertEquals(
                    settled.getValue(),
                    end.count(id, "get"),
                    id + " sent a GET after its first turns: a re-list\n" + end);
        }
        long watches = ids.stream().mapToLong(id -> end.count(id, "watch")).sum();
        Measurements.note(
                "watches closed every 1-3 s, "
                        + RELEASES
                        + " releases: "
                        + watches
                        + " watches opened, 0 GETs after the first turns: "
                        + end);
        assertTrue(
                end.count(leader.id(), "watch") >= 3,
                "the server did not end watches repeatedly\n" + end);
        assertTrue(
                runLog.overlaps().isEmpty(), "two replicas ran gated work at once\n" + describe());
    }

    /** Waits until the server has ended {@code replica}'s watch and it resumed, twice or more. */
    private void awaitWatchesResumed(ReplicaProcess replica, int watches) {
        Await.until(
                replica.id() + " to open " + watches + " watches",
                PATIENCE,
                () -> DevServerRequests.fetch(server).count(replica.id(), "watch") >= watches,
                this::describe);
    }

    private ReplicaProcess join(String id) {
        return replicas.start(id, replicaEnv(id, "watched", true));
    }

    /**
     * Waits until {@code follower}'s elector has seen {@code leader} and its watch runs, then notes
     * its GETs: from here on it must send none.
     */
    private void awaitSettled(
            ReplicaProcess follower, ReplicaProcess leader, Map<String, Long> getsWhenSettled) {
        Await.until(
                follower.id() + "'s elector to see " + leader.id(),
                PATIENCE,
                () -> follower.stderr().contains("new leader is " + leader.id()),
                this::describe);
        Await.until(
                follower.id() + "'s watch",
                PATIENCE,
                () -> DevServerRequests.fetch(server).count(follower.id(), "watch") >= 1,
                this::describe);
        DevServerRequests now = DevServerRequests.fetch(server);
        getsWhenSettled.putIfAbsent(leader.id(), now.count(leader.id(), "get"));
        getsWhenSettled.put(follower.id(), now.count(follower.id(), "get"));
    }

    /** SIGTERMs {@code leader} once it runs; the nanos until another replica ran. */
    private long release(ReplicaProcess leader) {
        long now = System.nanoTime();
        Await.value(
                "a fresh run by " + leader.id(),
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
                        "another replica to take over from " + leader.id(),
                        PATIENCE,
                        () ->
                                runLog.first(
                                        run ->
                                                !run.replicaId().equals(leader.id())
                                                        && run.startNanos() > stopNanos),
                        this::describe);
        assertEquals(143, leader.awaitExit(PATIENCE), "SIGTERM exit status\n" + describe());
        return successor.startNanos() - stopNanos;
    }

    private ReplicaProcess otherLive(ReplicaProcess leader) {
        return replicas.othersThan(leader).stream()
                .filter(ReplicaProcess::isAlive)
                .findFirst()
                .orElseThrow();
    }

    /** A dev server whose clients are {@code ids}, stopped with the replicas after the test. */
    private void startServer(List<String> ids) {
        replicas = cluster.countedReplicas(ids);
        server = replicas.server();
        runLog = replicas.runLog();
    }

    private Map<String, String> replicaEnv(String id, String lease, boolean watch) {
        Map<String, String> env = replicas.env(id, lease);
        env.put("LEADERGATE_WATCH", Boolean.toString(watch));
        return env;
    }

    /** A fault window's length: the scenario, not an assertion. */
    private static void hold(Duration window) {
        try {
            Thread.sleep(window.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String describe() {
        return replicas.describe();
    }
}
