package io.leadergate.it;

import io.leadergate.testsupport.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An API server that pushes back, measured (scripts/bench/pushback.sh; not part of the suite):
 * {@code -Dbench.replicas} (20) replica JVMs on one Lease at client-go's default timings (15 s / 10
 * s / 2 s) while the dev server answers every Lease request 429 with {@code Retry-After:
 * -Dbench.retryAfter} (1 s, what kube-apiserver's max-in-flight filter always sends and API
 * Priority and Fairness starts from) for {@code -Dbench.window.seconds} (30 s); then the same span
 * again without faults. Counted by the dev server per client: requests during the window and after
 * it, and the time from the window's end to the next gated run. Three electors in the same harness:
 * client-java-extended's {@code LeaderElector} (it-apps/migration-electors, no agent; a
 * client-go-style loop, one tryAcquireOrRenew per retry period, no Retry-After handling in its
 * OkHttp client), and the agent polling ({@code LEADERGATE_WATCH=false}) and watching (default).
 */
class PushbackBench {

    private static final Duration PATIENCE = Duration.ofSeconds(180);

    /** 20 JVMs on two cores: small heaps and stacks, C1 only (ReplicaProcess adds SerialGC, C1). */
    private static final String SMALL_JVM = "-Xmx32m -Xss256k";

    @RegisterExtension static final LeaseCluster cluster = LeaseCluster.withoutClassServer();

    /** The current elector's dev server and replicas. */
    private CountedReplicas replicas;

    private DevServerProcess server;
    private RunLog runLog;

    @Test
    void throttledWindow() {
        int n = Integer.getInteger("bench.replicas", 20);
        int retryAfter = Integer.getInteger("bench.retryAfter", 1);
        Duration window = Duration.ofSeconds(Long.getLong("bench.window.seconds", 30));
        List<String> rows = new ArrayList<>();
        for (String elector :
                System.getProperty("bench.electors", "client-java,polling,watch").split(",")) {
            rows.add(measure(elector.trim(), n, retryAfter, window));
            replicas.close();
        }
        String title =
                String.format(
                        Locale.ROOT,
                        "%d replicas, lease 15 s / renew 10 s / retry 2 s; every Lease request"
                                + " answered 429 with Retry-After: %d for %d s, then %d s without"
                                + " faults",
                        n,
                        retryAfter,
                        window.toSeconds(),
                        window.toSeconds());
        Measurements.table(
                title,
                "| elector | requests during the 429 window (per replica mean / max) | requests/s"
                        + " during | requests after it | window end -> next gated run | overlaps |",
                rows);
    }

    private String measure(String elector, int n, int retryAfter, Duration window) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add("replica-" + i);
        }
        Path dir = directory(cluster.testDir().resolve(elector));
        replicas = cluster.closeAfterTest(CountedReplicas.start(dir, ids));
        server = replicas.server();
        runLog = replicas.runLog();
        for (String id : ids) {
            start(elector, id, dir);
        }
        Await.value("a first leader", PATIENCE, () -> runLog.first(run -> true), this::describe);
        for (String id : ids) {
            Await.until(
                    id + " electing",
                    PATIENCE,
                    () -> DevServerRequests.fetch(server).total(id) >= 1,
                    this::describe);
        }
        sleep(Duration.ofSeconds(5)); // the last JVMs' start-up settles

        DevServerRequests.reset(server);
        DevServerHooks.setFaults(
                server, "{\"errorCode\":429,\"retryAfterSeconds\":" + retryAfter + "}");
        long windowStart = System.nanoTime();
        sleep(window);
        DevServerRequests during = DevServerRequests.fetch(server);
        double duringSeconds = (System.nanoTime() - windowStart) / 1e9;
        DevServerHooks.clearFaults(server);
        long windowEnd = System.nanoTime();
        DevServerRequests.reset(server);
        Run resumed =
                Await.value(
                        "a leader again after the window",
                        PATIENCE,
                        () -> runLog.first(run -> run.startNanos() > windowEnd),
                        this::describe);
        sleep(Duration.ofNanos(Math.max(0, windowEnd + window.toNanos() - System.nanoTime())));
        DevServerRequests after = DevServerRequests.fetch(server);

        long total = ids.stream().mapToLong(during::total).sum();
        long max = ids.stream().mapToLong(during::total).max().orElse(0);
        long afterTotal = ids.stream().mapToLong(after::total).sum();
        return String.format(
                Locale.ROOT,
                "| %s | %d (%.1f / %d) | %.1f | %d | %.2f s | %d |",
                describeElector(elector),
                total,
                total / (double) n,
                max,
                total / duringSeconds,
                afterTotal,
                (resumed.startNanos() - windowEnd) / 1e9,
                runLog.overlaps().size());
    }

    private static String describeElector(String elector) {
        switch (elector) {
            case "client-java":
                return "client-java-extended LeaderElector (baseline: polls every retry period)";
            case "polling":
                return "Leadergate, polling (LEADERGATE_WATCH=false)";
            case "watch":
                return "Leadergate, watching (default)";
            default:
                throw new IllegalArgumentException("bench.electors: " + elector);
        }
    }

    private ReplicaProcess start(String elector, String id, Path dir) {
        Map<String, String> env = replicas.env(id, "bench");
        env.put("LEADERGATE_LEASE_DURATION", "15s");
        env.put("LEADERGATE_RENEW_DEADLINE", "10s");
        env.put("LEADERGATE_RETRY_PERIOD", "2s");
        env.put("JAVA_TOOL_OPTIONS", SMALL_JVM);
        Path replicaDir = directory(dir.resolve(id));
        if (elector.equals("client-java")) {
            env.put("IT_ELECTOR", "client-java");
            return replicas.start(id, ItConfig.migrationElectorsJar(), false, env, replicaDir);
        }
        env.put("LEADERGATE_WATCH", Boolean.toString(elector.equals("watch")));
        return replicas.start(id, ItConfig.plainAppJar(), true, env, replicaDir);
    }

    private static Path directory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String describe() {
        return replicas.describe();
    }

    /** A fault window or a settling span: the scenario, not an assertion. */
    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
