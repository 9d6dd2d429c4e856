package io.leadergate.it;

import io.leadergate.testsupport.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
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

    @RegisterExtension static final ProcessLogs logs = new ProcessLogs();

    private DevServerProcess server;
    private RunLog runLog;
    private final Map<String, ReplicaProcess> replicas = new HashMap<>();

    @AfterEach
    void stopEverything() {
        stopAll();
    }

    @Test
    void gracefulHandover() {
        int handovers = Integer.getInteger("bench.handovers", 20);
        List<String> rows = new ArrayList<>();
        for (boolean watch : new boolean[] {true, false}) {
            long[] nanos = handovers(3, watch, Map.of(), handovers, false);
            rows.add(row(watch ? "watch (default)" : "polling (LEADERGATE_WATCH=false)", nanos));
        }
        report(
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
        report(
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
                        replicas.keySet().stream()
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
                stopAll();
            }
        }
        report(
                "API requests per minute per replica at steady state ("
                        + window.toSeconds()
                        + " s window), "
                        + "lease 15 s / renew 10 s / retry 2 s",
                "| replicas | mode | leader (verbs) | follower mean | "
                        + "follower max | all replicas |",
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
            long now = System.nanoTime();
            Await.value(
                    "a fresh run by " + current,
                    PATIENCE,
                    () ->
                            runLog.first(
                                    run ->
                                            run.replicaId().equals(current)
                                                    && run.startNanos() > now),
                    this::describe);
            long stopNanos = System.nanoTime();
            if (crash) {
                replicas.get(current).kill();
            } else {
                replicas.get(current).terminate();
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
            nanos[i] = successor.startNanos() - stopNanos;
            replicas.get(current).awaitExit(PATIENCE);
            leader = successor.replicaId();
            replicas.put(current, startReplica(current, watch, timings));
            awaitFollowing(current, leader);
        }
        if (!runLog.overlaps().isEmpty()) {
            throw new AssertionError("two replicas ran gated work at once: " + runLog.overlaps());
        }
        return nanos;
    }

    /**
     * replica-1..n with their own dev server clients; returns the first leader once all others
     * follow it.
     */
    private String startReplicas(int n, boolean watch, Map<String, String> timings) {
        stopAll(); // the previous mode's replicas and server, if any
        List<String> ids =
                IntStream.rangeClosed(1, n)
                        .mapToObj(i -> "replica-" + i)
                        .collect(Collectors.toList());
        server =
                DevServerProcess.start(
                        directory(logs.testDir().resolve("n" + n + (watch ? "-watch" : "-poll"))),
                        ids);
        runLog =
                new RunLog(
                        logs.testDir()
                                .resolve("runs-" + n + (watch ? "-watch" : "-poll") + ".log"));
        for (String id : ids) {
            replicas.put(id, startReplica(id, watch, timings));
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
        Map<String, String> env = new HashMap<>(timings);
        env.put("IT_RUN_LOG", runLog.file().toString());
        env.put("LEADERGATE_KUBECONFIG", server.kubeconfig(id).toString());
        env.put("LEADERGATE_LEASE_NAMESPACE", "default");
        env.put("LEADERGATE_LEASE_NAME", "bench");
        env.put("LEADERGATE_IDENTITY", id);
        env.put("LEADERGATE_WATCH", Boolean.toString(watch));
        env.put("LEADERGATE_HEALTH_PORT", "off");
        env.put("JAVA_TOOL_OPTIONS", SMALL_JVM);
        Path dir = directory(logs.testDir().resolve(id + "-" + System.nanoTime()));
        return ReplicaProcess.start(id, ItConfig.plainAppJar(), true, env, dir);
    }

    private static Path directory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void awaitFollowing(String id, String leader) {
        ReplicaProcess replica = replicas.get(id);
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

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static void report(String title, String header, List<String> rows) {
        StringBuilder table = new StringBuilder("\n" + title + "\n\n" + header + "\n");
        table.append(header.replaceAll("[^|]+", " --- ")).append('\n');
        rows.forEach(row -> table.append(row).append('\n'));
        System.out.print(table);
        Path out = Path.of(System.getProperty("bench.out", "target/bench.md")).toAbsolutePath();
        try {
            Files.createDirectories(out.getParent());
            Files.writeString(out, table, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void stopAll() {
        replicas.values().forEach(ReplicaProcess::close);
        replicas.clear();
        if (server != null) {
            server.close();
            server = null;
        }
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
        StringBuilder out = new StringBuilder(runLog == null ? "" : runLog.describe());
        replicas.values().forEach(replica -> out.append('\n').append(replica.describe()));
        if (server != null) {
            out.append('\n').append(server.describe());
        }
        return out.toString();
    }
}
