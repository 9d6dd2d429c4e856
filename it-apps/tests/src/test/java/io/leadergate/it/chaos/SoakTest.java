package io.leadergate.it.chaos;

import static io.leadergate.it.LeaseTimings.LEASE_DURATION;
import static io.leadergate.it.LeaseTimings.RETRY_PERIOD;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.it.ItConfig;
import io.leadergate.it.ProcessLogs;
import io.leadergate.it.RunLog;
import io.leadergate.it.chaos.ChaosCluster.Member;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Days of uptime, compressed (issue 14, part 3): 5 replicas of the plain app, a random fault every
 * few seconds for {@code -Dsoak.minutes} (1 in {@code mvn verify}; {@code scripts/soak.sh} runs
 * 30), lease 2 s. The faults leave every replica alive (pause, partition, API outage, latency, API
 * restarts), so each JVM is watched for the whole run: resident memory, heap after GC, threads and
 * open file descriptors are sampled every {@code -Dsoak.sample} (10 s) and their slopes reported
 * per hour.
 *
 * <p>Fails on: any overlap or run where the gate must be shut (the chaos suite's verdict), a thread
 * or descriptor count that keeps growing (load-independent counts, so they may be asserted), and
 * any warning or error line that repeats more often than faults were injected (one line per event
 * is the agent's promise). Memory slopes are reported, not asserted: they depend on load and
 * warm-up.
 *
 * <p>Replicas run with {@value #DEFAULT_JVM_ARGS}: with the default maximum heap (a quarter of the
 * host's memory) SerialGC's young generation alone is a third of 1/64 of it (126 MB on a 23 GB
 * host), and its pages become resident over the first tens of minutes as allocation reaches them, a
 * bounded rise in resident memory that hides any other (docs/reliability.md). With 64 MB the young
 * generation is resident within minutes, so what resident memory still does afterwards is the rest
 * of the JVM. {@code -Dsoak.jvmArgs="..."} replaces these flags ({@code ""}: the JVM's defaults).
 * With {@code -XX:NativeMemoryTracking=summary} among them, each replica's {@code jcmd
 * VM.native_memory baseline} is taken at the end of the warm-up and {@code summary.diff} at the
 * end, next to its {@code smaps_rollup} and largest anonymous mappings, in {@code
 * <replica>.native-memory.txt}.
 */
class SoakTest {

    private static final int POPULATION = 5;
    private static final String DEFAULT_JVM_ARGS = "-Xmx64m";
    private static final Duration FIRST_LEADER = Duration.ofSeconds(180);
    private static final Duration LEADER_PATIENCE = Duration.ofSeconds(90);

    /**
     * Samples before this share of the run are warm-up (class loading, JIT): not used for slopes.
     */
    private static final double WARM_UP_SHARE = 0.25;

    private static final Pattern WARNING =
            Pattern.compile("(?m)^\\[leadergate\\] \\S+ (WARN|ERROR) +(.*)$");

    @RegisterExtension static final ProcessLogs logs = new ProcessLogs();

    @Test
    void fiveReplicasUnderFaultsStayFlatAndNeverOverlap() throws Exception {
        Duration length =
                Duration.ofMillis(
                        (long)
                                (Double.parseDouble(System.getProperty("soak.minutes", "1"))
                                        * 60_000));
        Duration every =
                Duration.parse("PT" + System.getProperty("soak.sample", "10s").toUpperCase());
        long seed = Long.getLong("soak.seed", new SecureRandom().nextLong());
        List<String> jvmArgs =
                List.of(System.getProperty("soak.jvmArgs", DEFAULT_JVM_ARGS).trim().split("\\s+"))
                        .stream()
                        .filter(a -> !a.isEmpty())
                        .toList();
        boolean tracked = jvmArgs.stream().anyMatch(a -> a.startsWith("-XX:NativeMemoryTracking="));
        System.out.println(
                "[soak] seed "
                        + seed
                        + ", "
                        + length.toSeconds()
                        + " s, sampling every "
                        + every.toSeconds()
                        + " s, replica JVM args "
                        + jvmArgs);
        Random random = new Random(seed);
        Pacing pacing = new Pacing(random);
        List<FaultType> kinds =
                List.of(
                        FaultType.PAUSE_LEADER,
                        FaultType.PARTITION_LEADER,
                        FaultType.API_OUTAGE,
                        FaultType.SLOW_API,
                        FaultType.RESTART_KEEP_DATA);
        Path jstat = ItConfig.replicaJava().resolveSibling("jstat");
        Map<String, List<ReplicaFootprint>> samples = new ConcurrentHashMap<>();
        List<InjectedFault> injected = new CopyOnWriteArrayList<>();
        long began = System.nanoTime();
        String table;
        ChaosVerdict verdict;
        Map<String, Map<String, Integer>> repeated = new LinkedHashMap<>();
        try (ChaosApiServer server = ChaosApiServer.start(logs.testDir());
                ChaosCluster cluster = new ChaosCluster(logs.testDir(), server, jvmArgs);
                Signals signals = Signals.start()) {
            ReplicaFaults replicaFaults = new ReplicaFaults(cluster, signals, pacing, POPULATION);
            ApiServerFaults apiFaults = new ApiServerFaults(cluster, pacing);
            for (int i = 0; i < POPULATION; i++) {
                cluster.add();
            }
            cluster.awaitLeader("a first leader", began, FIRST_LEADER);
            cluster.awaitAllContending(FIRST_LEADER);
            long start = System.nanoTime();
            Thread sampler =
                    new Thread(() -> sample(cluster, jstat, every, samples), "soak-sampler");
            sampler.setDaemon(true);
            sampler.start();
            boolean baseline = !tracked;
            for (int i = 0; System.nanoTime() - start < length.toNanos(); i++) {
                if (!baseline && System.nanoTime() - start > length.toNanos() * WARM_UP_SHARE) {
                    cluster.members()
                            .forEach(m -> NativeMemory.report(m, jstat, logs.testDir(), true));
                    baseline = true;
                }
                Pacing.sleep(pacing.between(Duration.ofSeconds(1), Duration.ofSeconds(4)));
                Member leader =
                        cluster.awaitLeader(
                                "the leader before fault #" + i,
                                System.nanoTime(),
                                LEADER_PATIENCE);
                InjectedFault fault =
                        switch (kinds.get(random.nextInt(kinds.size()))) {
                            case PAUSE_LEADER -> replicaFaults.pause(i, leader);
                            case PARTITION_LEADER -> replicaFaults.partition(i, leader);
                            case API_OUTAGE -> apiFaults.outage(i);
                            case SLOW_API -> apiFaults.slow(i);
                            default -> apiFaults.restartKeepingData(i);
                        };
                injected.add(fault);
                cluster.awaitLeader(
                        "a leader after fault #" + i, fault.measureFromNanos(), LEADER_PATIENCE);
            }
            long end = System.nanoTime();
            if (tracked) {
                cluster.members()
                        .forEach(m -> NativeMemory.report(m, jstat, logs.testDir(), false));
            }
            sampler.interrupt();
            sampler.join(30_000);
            Pacing.sleep(
                    Duration.ofSeconds(1)); // runs in progress at the end get their lines written
            verdict =
                    ChaosVerdict.judge(
                            cluster.runs().allByStart(),
                            injected,
                            end,
                            LEASE_DURATION
                                    .plus(RETRY_PERIOD)
                                    .plus(Duration.ofSeconds(3))
                                    .toNanos());
            for (Member member : cluster.members()) {
                repeated.put(member.id(), warnings(member.process().stderr()));
            }
            table =
                    render(
                            seed,
                            System.nanoTime() - start,
                            injected,
                            samples,
                            jvmArgs,
                            verdict,
                            cluster.runs().allByStart().size(),
                            RunLog.overlaps(cluster.runs().allByStart()).size(),
                            repeated);
        }
        System.out.println("[soak] result\n" + table);
        Files.writeString(ItConfig.logsDir().resolve("soak-report.md"), table);

        List<String> failures = new ArrayList<>(verdict.failures());
        for (var entry : samples.entrySet()) {
            List<ReplicaFootprint> steady = steady(entry.getValue());
            if (steady.size() >= 2) {
                ReplicaFootprint first = steady.get(0);
                ReplicaFootprint last = steady.get(steady.size() - 1);
                // Threads and descriptors come and go with connections and pools, but do not
                // accumulate.
                if (last.threads() > first.threads() + 4 || last.fds() > first.fds() + 8) {
                    failures.add(entry.getKey() + " grew from " + first + " to " + last);
                }
            }
        }
        for (var replica : repeated.entrySet()) {
            for (var line : replica.getValue().entrySet()) {
                if (line.getValue() > injected.size() + 2) {
                    failures.add(
                            replica.getKey()
                                    + " logged "
                                    + line.getValue()
                                    + " times (faults: "
                                    + injected.size()
                                    + "): "
                                    + line.getKey());
                }
            }
        }
        assertTrue(
                failures.isEmpty(),
                "soak with seed " + seed + ":\n" + String.join("\n", failures) + "\n\n" + table);
    }

    private static void sample(
            ChaosCluster cluster,
            Path jstat,
            Duration every,
            Map<String, List<ReplicaFootprint>> samples) {
        while (!Thread.currentThread().isInterrupted()) {
            for (Member member : cluster.members()) {
                ReplicaFootprint.sample(member.process().pid(), jstat)
                        .ifPresent(
                                s ->
                                        samples.computeIfAbsent(
                                                        member.id(),
                                                        id -> new CopyOnWriteArrayList<>())
                                                .add(s));
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Samples after the warm-up share of the run. */
    private static List<ReplicaFootprint> steady(List<ReplicaFootprint> all) {
        if (all.size() < 2) {
            return all;
        }
        long from =
                all.get(0).atNanos()
                        + (long)
                                ((all.get(all.size() - 1).atNanos() - all.get(0).atNanos())
                                        * WARM_UP_SHARE);
        return all.stream().filter(s -> s.atNanos() >= from).toList();
    }

    /** Warning and error lines of one replica, numbers masked, with how often each occurred. */
    static Map<String, Integer> warnings(String stderr) {
        Map<String, Integer> counts = new HashMap<>();
        Matcher matcher = WARNING.matcher(stderr);
        while (matcher.find()) {
            counts.merge(
                    matcher.group(1) + " " + matcher.group(2).replaceAll("\\d+", "#"),
                    1,
                    Integer::sum);
        }
        return counts;
    }

    private static String render(
            long seed,
            long nanos,
            List<InjectedFault> faults,
            Map<String, List<ReplicaFootprint>> samples,
            List<String> jvmArgs,
            ChaosVerdict verdict,
            int runs,
            int overlaps,
            Map<String, Map<String, Integer>> repeated) {
        Map<String, Long> byType = new LinkedHashMap<>();
        faults.forEach(f -> byType.merge(f.type().label(), 1L, Long::sum));
        StringBuilder out =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "Soak: seed %d, %.1f min, %d replicas%s, lease 2 s / renew 1.5 s / retry 250 ms, %d faults %s, %d gated runs%n%n",
                                seed,
                                nanos / 6e10,
                                POPULATION,
                                jvmArgs.isEmpty() ? "" : " (" + String.join(" ", jvmArgs) + ")",
                                faults.size(),
                                byType,
                                runs));
        out.append(
                "| replica | samples | RSS MB (first → last) | RSS MB/h | heap after GC MB (first → last) | heap MB/h "
                        + "| threads (first → last) | threads/h | fds (first → last) | fds/h |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var entry : new java.util.TreeMap<>(samples).entrySet()) {
            List<ReplicaFootprint> steady = steady(entry.getValue());
            if (steady.size() < 2) {
                continue;
            }
            ReplicaFootprint first = steady.get(0);
            ReplicaFootprint last = steady.get(steady.size() - 1);
            out.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d | %.1f → %.1f | %+.1f | %.1f → %.1f | %+.1f | %d → %d | %+.1f | %d → %d | %+.1f |%n",
                            entry.getKey(),
                            steady.size(),
                            first.rssMb(),
                            last.rssMb(),
                            ReplicaFootprint.slopePerHour(steady, ReplicaFootprint::rssMb),
                            first.heapAfterGcMb(),
                            last.heapAfterGcMb(),
                            ReplicaFootprint.slopePerHour(steady, ReplicaFootprint::heapAfterGcMb),
                            first.threads(),
                            last.threads(),
                            ReplicaFootprint.slopePerHour(steady, ReplicaFootprint::threads),
                            first.fds(),
                            last.fds(),
                            ReplicaFootprint.slopePerHour(steady, ReplicaFootprint::fds)));
        }
        out.append(
                String.format(
                        Locale.ROOT,
                        "%n(slopes over the samples after the first %.0f %% of the run)%n%n",
                        WARM_UP_SHARE * 100));
        out.append("- Overlapping gated runs of two replicas: **")
                .append(overlaps)
                .append("** (must be 0)\n");
        out.append(
                        "- Broken promises of the chaos verdict (overlaps, runs where the gate must be shut, gaps): ")
                .append(verdict.failures().size())
                .append('\n');
        int most = 0;
        String mostLine = "none";
        for (var replica : repeated.entrySet()) {
            for (var line : replica.getValue().entrySet()) {
                if (line.getValue() > most) {
                    most = line.getValue();
                    mostLine = replica.getKey() + ": " + line.getKey();
                }
            }
        }
        out.append("- Most repeated warning/error line: ")
                .append(most)
                .append(" × ")
                .append(mostLine)
                .append(" (bound: faults + 2 = ")
                .append(faults.size() + 2)
                .append(")\n");
        return out.toString();
    }

    /**
     * A replica's native memory, for the diagnosis of resident memory that grows while the heap
     * does not: native memory tracking's diff against the warm-up baseline, the kernel's totals and
     * the largest anonymous mappings (glibc malloc arenas show up as 64 MB-aligned groups).
     */
    static final class NativeMemory {

        private NativeMemory() {}

        /**
         * At the warm-up's end ({@code baseline}) sets the baseline and writes {@code
         * <replica>.native-memory-baseline.txt}; at the end the diff, {@code
         * <replica>.native-memory.txt}.
         */
        static void report(Member member, Path jstat, Path dir, boolean baseline) {
            Path proc = Path.of("/proc", Long.toString(member.process().pid()));
            StringBuilder out = new StringBuilder();
            if (baseline) {
                out.append(jcmd(member, jstat, "VM.native_memory", "summary"));
                jcmd(member, jstat, "VM.native_memory", "baseline");
            } else {
                out.append(jcmd(member, jstat, "VM.native_memory", "summary.diff"));
            }
            out.append("\n--- smaps_rollup\n");
            try {
                out.append(Files.readString(proc.resolve("smaps_rollup")));
                out.append("\n--- largest anonymous mappings (Rss kB, range)\n");
                List<String[]> anonymous = new ArrayList<>();
                String range = null;
                for (String line : Files.readAllLines(proc.resolve("smaps"))) {
                    String[] fields = line.trim().split("\\s+");
                    if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                        range = fields.length <= 5 ? fields[0] : null; // no path: anonymous
                    } else if (range != null && fields[0].equals("Rss:")) {
                        anonymous.add(new String[] {fields[1], range});
                    }
                }
                anonymous.sort((a, b) -> Long.compare(Long.parseLong(b[0]), Long.parseLong(a[0])));
                anonymous.stream()
                        .limit(25)
                        .forEach(a -> out.append(a[0]).append('\t').append(a[1]).append('\n'));
                Files.writeString(
                        dir.resolve(
                                member.id()
                                        + (baseline
                                                ? ".native-memory-baseline.txt"
                                                : ".native-memory.txt")),
                        out);
            } catch (IOException e) {
                System.out.println("[soak] no native memory report of " + member.id() + ": " + e);
            }
        }

        /** {@code jcmd <pid> <command...>}'s output (or why there is none). */
        private static String jcmd(Member member, Path jstat, String... command) {
            List<String> line = new ArrayList<>();
            line.add(jstat.resolveSibling("jcmd").toString());
            line.add(Long.toString(member.process().pid()));
            line.addAll(List.of(command));
            try {
                Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
                String out = new String(process.getInputStream().readAllBytes());
                process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
                return out;
            } catch (IOException e) {
                return "jcmd failed: " + e + "\n";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted\n";
            }
        }
    }
}
