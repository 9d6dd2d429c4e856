package io.leadergate.it;

import io.leadergate.testsupport.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Measurements, not tests (the name keeps Surefire from running them in {@code mvn verify}; they
 * assert nothing about time): plain-app replicas against the dev server, for scripts/bench/*.sh.
 * Each method prints a Markdown table and appends it to {@code -Dbench.out} (default {@code
 * target/bench.md}).
 *
 * <ul>
 *   <li>{@link #gracefulHandover()}: SIGTERM of the leader until the successor's first gated run,
 *       {@code -Dbench.handovers} times (20), watch vs polling, 3 replicas, default timings.
 *   <li>{@link #crashFailover()}: {@code kill -9} of the leader until the successor's first run,
 *       {@code -Dbench.failovers} times (10), test timings (2 s lease).
 *   <li>{@link #requestsPerMinute()}: API requests per minute per replica at steady state, counted
 *       by the dev server per client, watch vs polling, with {@code -Dbench.replicas} (3,20)
 *       replicas.
 *   <li>{@link #expiryClaims()}: {@code kill -9} of the leader {@code -Dbench.expiries} times (5)
 *       with {@code -Dbench.claimReplicas} (5,20) watching replicas at test timings: the requests
 *       the followers that did not win send when the Lease expires (claims answered 409, the GETs
 *       after them), counted by the dev server per client.
 * </ul>
 *
 * The gated call repeats every 50 ms in plain-app: a handover reads up to 50 ms late.
 */
class ElectionBench {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final Pattern STANDING_BY = Pattern.compile("(?m)^replica-\\d+: standing by");

    /**
     * 20 JVMs share two cores: small heaps and stacks, C1 only (ReplicaProcess adds SerialGC and
     * C1).
     */
    private static final String SMALL_JVM = "-Xmx64m -Xss256k";

    @RegisterExtension static final LeaseCluster cluster = LeaseCluster.withoutClassServer();

    /** The current mode's dev server and replicas. */
    private CountedReplicas replicas;

    private DevServerProcess server;
    private RunLog runLog;

    @Test
    void gracefulHandover() {
        int handovers = Integer.getInteger("bench.handovers", 20);
        List<String> rows = new ArrayList<>();
        for (boolean watch : new boolean[] {true, false}) {
            long[] nanos = handovers(3, watch, Map.of(), handovers, false);
            rows.add(row(watch ? "watch (default)" : "polling (LEADERGATE_WATCH=false)", nanos));
        }
        Measurements.table(
                "Graceful handover: SIGTERM of the leader -> first gated run of the successor; 3 replicas, "
                        + "lease 15 s / renew 10 s / retry 2 s, "
                        + handovers
                        + " handovers each",
                "| mode | n | p50 | p90 | max |",
                rows);
    }

    @Test
    void crashFailover() {
        int failovers = Integer.getInteger("bench.failovers", 10);
        long[] nanos = handovers(3, true, LeaseTimings.asEnvironment(), failovers, true);
        Measurements.table(
                "Crash failover: kill -9 of the leader -> first gated run of the successor; 3 replicas, lease "
                        + LeaseTimings.LEASE_DURATION.toMillis()
                        + " ms / renew "
                        + LeaseTimings.RENEW_DEADLINE.toMillis()
                        + " ms / retry "
                        + LeaseTimings.RETRY_PERIOD.toMillis()
                        + " ms (target: < lease + 250 ms)",
                "| mode | n | p50 | p90 | max |",
                List.of(row("watch (default)", nanos)));
    }

    @Test
    void requestsPerMinute() {
        Duration window = Duration.ofSeconds(Long.getLong("bench.window.seconds", 60));
        List<String> rows = new ArrayList<>();
        for (String count : System.getProperty("bench.replicas", "3,20").split(",")) {
            for (boolean watch : new boolean[] {true, false}) {
                int n = Integer.parseInt(count.trim());
                String leader = startReplicas(n, watch, Map.of());
                DevServerRequests.reset(server);
                long start = System.nanoTime();
                sleep(window); // a measurement window, not a timing assertion
                DevServerRequests counts = DevServerRequests.fetch(server);
                double minutes = (System.nanoTime() - start) / 60e9;
                double[] followers =
                        replicas.replicas().stream()
                                .map(ReplicaProcess::id)
                                .filter(id -> !id.equals(leader))
                                .mapToDouble(id -> counts.total(id) / minutes)
                                .sorted()
                                .toArray();
                rows.add(
                        String.format(
                                Locale.ROOT,
                                "| %d | %s | %.1f (%s) | %.1f | %.1f | %.0f |",
                                n,
                                watch ? "watch" : "polling",
                                counts.total(leader) / minutes,
                                counts.verbs(leader),
                                Arrays.stream(followers).average().orElse(0),
                                followers[followers.length - 1],
                                counts.total(leader) / minutes + Arrays.stream(followers).sum()));
                replicas.close();
            }
        }
        Measurements.table(
                "API requests per minute per replica at steady state ("
                        + window.toSeconds()
                        + " s window), "
                        + "lease 15 s / renew 10 s / retry 2 s",
                "| replicas | mode | leader (verbs) | follower mean | "
                        + "follower max | all replicas |",
                rows);
    }

    @Test
    void expiryClaims() {
        int expiries = Integer.getInteger("bench.expiries", 5);
        List<String> rows = new ArrayList<>();
        for (String count : System.getProperty("bench.claimReplicas", "5,20").split(",")) {
            int n = Integer.parseInt(count.trim());
            String leader = startReplicas(n, true, LeaseTimings.asEnvironment());
            long[] updates = new long[expiries];
            long[] gets = new long[expiries];
            long[] nanos = new long[expiries];
            for (int i = 0; i < expiries; i++) {
                String current = leader;
                Handover handover =
                        stopLeader(current, true, () -> DevServerRequests.reset(server));
                nanos[i] = handover.nanos();
                sleep(Duration.ofSeconds(1)); // the losers' calls follow within milliseconds
                DevServerRequests counts = DevServerRequests.fetch(server);
                leader = handover.successor().replicaId();
                for (ReplicaProcess replica : replicas.replicas()) {
                    if (!replica.id().equals(leader)) {
                        updates[i] += counts.count(replica.id(), "update");
                        gets[i] += counts.count(replica.id(), "get");
                    }
                }
                restart(current, true, LeaseTimings.asEnvironment(), leader);
            }
            rows.add(
                    String.format(
                            Locale.ROOT,
                            "| %d | %d | %.1f (%d–%d) | %.1f (%d–%d) | %.0f ms |",
                            n,
                            expiries,
                            Arrays.stream(updates).average().orElse(0),
                            Arrays.stream(updates).min().orElse(0),
                            Arrays.stream(updates).max().orElse(0),
                            Arrays.stream(gets).average().orElse(0),
                            Arrays.stream(gets).min().orElse(0),
                            Arrays.stream(gets).max().orElse(0),
                            percentile(sorted(nanos), 50) / 1e6));
            if (!runLog.overlaps().isEmpty()) {
                throw new AssertionError(
                        "two replicas ran gated work at once: " + runLog.overlaps());
            }
            replicas.close();
        }
        Measurements.table(
                "Lease expiry after kill -9 of the leader: requests of the followers that did not win"
                        + " (the winner's claim and renewals not counted), watching, lease "
                        + LeaseTimings.LEASE_DURATION.toMillis()
                        + " ms / renew "
                        + LeaseTimings.RENEW_DEADLINE.toMillis()
                        + " ms / retry "
                        + LeaseTimings.RETRY_PERIOD.toMillis()
                        + " ms",
                "| replicas | expiries | UPDATEs per expiry (mean, min–max) | GETs per expiry | kill"
                        + " -> successor's first run, p50 |",
                rows);
    }

    /**
     * Starts {@code n} replicas, then {@code times}: stop the leader, time the successor's first
     * run, restart the stopped one.
     */
    private long[] handovers(
            int n, boolean watch, Map<String, String> timings, int times, boolean crash) {
        String leader = startReplicas(n, watch, timings);
        long[] nanos = new long[times];
        for (int i = 0; i < times; i++) {
            String current = leader;
            Handover handover = stopLeader(current, crash, () -> {});
            nanos[i] = handover.nanos();
            leader = handover.successor().replicaId();
            restart(current, watch, timings, leader);
        }
        if (!runLog.overlaps().isEmpty()) {
            throw new AssertionError("two replicas ran gated work at once: " + runLog.overlaps());
        }
        return nanos;
    }

    /** The stop of a leader and the first run of another replica after it. */
    private record Handover(long stopNanos, Run successor) {
        long nanos() {
            return successor.startNanos() - stopNanos;
        }
    }

    /**
     * Once {@code current} runs afresh: {@code justBefore}, then {@code kill -9} ({@code crash}) or
     * SIGTERM, and the successor's first run.
     */
    private Handover stopLeader(String current, boolean crash, Runnable justBefore) {
        long now = System.nanoTime();
        Await.value(
                "a fresh run by " + current,
                PATIENCE,
                () ->
                        runLog.first(
                                run -> run.replicaId().equals(current) && run.startNanos() > now),
                this::describe);
        justBefore.run();
        long stopNanos = System.nanoTime();
        if (crash) {
            replicas.replica(current).kill();
        } else {
            replicas.replica(current).terminate();
        }
        Run successor =
                Await.value(
                        "a successor",
                        PATIENCE,
                        () ->
                                runLog.first(
                                        run ->
                                                !run.replicaId().equals(current)
                                                        && run.startNanos() > stopNanos),
                        this::describe);
        return new Handover(stopNanos, successor);
    }

    /** Starts the stopped {@code id} again, once it has exited, and waits until it follows. */
    private void restart(String id, boolean watch, Map<String, String> timings, String leader) {
        replicas.replica(id).awaitExit(PATIENCE);
        startReplica(id, watch, timings);
        awaitFollowing(id, leader);
    }

    /**
     * replica-1..n with their own dev server clients; returns the first leader once all others
     * follow it.
     */
    private String startReplicas(int n, boolean watch, Map<String, String> timings) {
        if (replicas != null) {
            replicas.close(); // the previous mode's replicas and server
        }
        List<String> ids =
                IntStream.rangeClosed(1, n)
                        .mapToObj(i -> "replica-" + i)
                        .collect(Collectors.toList());
        replicas =
                cluster.closeAfterTest(
                        CountedReplicas.start(
                                directory(
                                        cluster.testDir()
                                                .resolve("n" + n + (watch ? "-watch" : "-poll"))),
                                ids));
        server = replicas.server();
        runLog = replicas.runLog();
        for (String id : ids) {
            startReplica(id, watch, timings);
        }
        String leader =
                Await.value(
                                "a first leader",
                                PATIENCE.multipliedBy(3),
                                () -> runLog.first(run -> true),
                                this::describe)
                        .replicaId();
        for (String id : ids) {
            if (!id.equals(leader)) {
                awaitFollowing(id, leader);
            }
        }
        return leader;
    }

    private ReplicaProcess startReplica(String id, boolean watch, Map<String, String> timings) {
        Map<String, String> env = replicas.env(id, "bench");
        env.putAll(timings);
        env.put("LEADERGATE_WATCH", Boolean.toString(watch));
        env.put("JAVA_TOOL_OPTIONS", SMALL_JVM);
        Path dir = directory(cluster.testDir().resolve(id + "-" + System.nanoTime()));
        return replicas.start(id, ItConfig.plainAppJar(), true, env, dir);
    }

    private static Path directory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void awaitFollowing(String id, String leader) {
        ReplicaProcess replica = replicas.replica(id);
        replica.awaitStdoutLine(STANDING_BY, PATIENCE.multipliedBy(3));
        Await.until(
                id + "'s elector to see " + leader,
                PATIENCE.multipliedBy(3),
                () -> replica.stderr().contains("new leader is " + leader),
                this::describe);
    }

    private static String row(String mode, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(
                Locale.ROOT,
                "| %s | %d | %.0f ms | %.0f ms | %.0f ms |",
                mode,
                sorted.length,
                percentile(sorted, 50) / 1e6,
                percentile(sorted, 90) / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }

    private static long[] sorted(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted;
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String describe() {
        return replicas.describe();
    }
}
