package io.leadergate.it.chaos;

import static io.leadergate.it.LeaseTimings.LEASE_DURATION;
import static io.leadergate.it.LeaseTimings.RETRY_PERIOD;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.it.ItConfig;
import io.leadergate.it.ProcessLogs;
import io.leadergate.it.chaos.ChaosCluster.Member;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "At most one replica runs gated work", measured under faults: replicas of the plain app with the
 * agent, each behind its own cuttable proxy to the dev API server, and a seeded random schedule of
 * kills, stops, pauses, partitions, outages, slowdowns, server restarts and conflict storms.
 *
 * <p>By default (part of {@code mvn verify}) one shuffled round of every fault type, about two to
 * three minutes. The long form: {@code scripts/chaos.sh} or {@code -Dchaos.faults=200}. Replay a
 * failure with the printed {@code -Dchaos.seed=N}; {@code -Dchaos.slack=3s} widens the gap bound.
 */
class ChaosSuiteTest {

    private static final int POPULATION = 4;
    private static final Duration FIRST_LEADER = Duration.ofSeconds(180);
    private static final Duration LEADER_PATIENCE = Duration.ofSeconds(90);

    @RegisterExtension static final ProcessLogs logs = new ProcessLogs();

    @Test
    void atMostOneReplicaRunsGatedWorkUnderFaults() {
        long seed = Long.getLong("chaos.seed", new SecureRandom().nextLong());
        int faultCount = Integer.getInteger("chaos.faults", FaultType.values().length);
        Duration slack =
                Duration.parse("PT" + System.getProperty("chaos.slack", "3s").toUpperCase());
        System.out.println(
                "[chaos] seed "
                        + seed
                        + " (replay with -Dchaos.seed="
                        + seed
                        + "), "
                        + faultCount
                        + " faults");
        Random random = new Random(seed);
        List<FaultType> schedule = ChaosSchedule.draw(random, faultCount);
        Pacing pacing = new Pacing(random);
        long gapBound = LEASE_DURATION.plus(RETRY_PERIOD).plus(slack).toNanos();

        // A long run stopped with Ctrl-C (or a killed surefire fork) must not leave replicas
        // behind.
        Thread reaper =
                new Thread(
                        () ->
                                ProcessHandle.current()
                                        .descendants()
                                        .forEach(ProcessHandle::destroyForcibly),
                        "chaos-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            run(seed, schedule, pacing, gapBound);
        } finally {
            Runtime.getRuntime().removeShutdownHook(reaper);
        }
    }

    private void run(long seed, List<FaultType> schedule, Pacing pacing, long gapBound) {
        long began = System.nanoTime();
        List<InjectedFault> injected = new ArrayList<>();
        ChaosVerdict verdict;
        List<String> stackTraces;
        try (ChaosApiServer server = ChaosApiServer.start(logs.testDir());
                ChaosCluster cluster = new ChaosCluster(logs.testDir(), server);
                Signals signals = Signals.start()) {
            ReplicaFaults replicaFaults = new ReplicaFaults(cluster, signals, pacing, POPULATION);
            ApiServerFaults apiFaults = new ApiServerFaults(cluster, pacing);
            for (int i = 0; i < POPULATION; i++) {
                cluster.add();
            }
            cluster.awaitLeader("a first leader", began, FIRST_LEADER);
            for (int i = 0; i < schedule.size(); i++) {
                Pacing.sleep(
                        pacing.between(Duration.ofMillis(500), Duration.ofMillis(2000))); // settle
                Member leader =
                        cluster.awaitLeader(
                                "the leader before fault #" + i,
                                System.nanoTime(),
                                LEADER_PATIENCE);
                InjectedFault fault =
                        switch (schedule.get(i)) {
                            case KILL_LEADER -> replicaFaults.kill(i, leader);
                            case TERM_LEADER -> replicaFaults.terminate(i, leader);
                            case PAUSE_LEADER -> replicaFaults.pause(i, leader);
                            case PARTITION_LEADER -> replicaFaults.partition(i, leader);
                            case CONFLICT_STORM -> replicaFaults.conflictStorm(i);
                            case API_OUTAGE -> apiFaults.outage(i);
                            case SLOW_API -> apiFaults.slow(i);
                            case RESTART_KEEP_DATA -> apiFaults.restartKeepingData(i);
                            case RESTART_LOSE_DATA -> apiFaults.restartLosingData(i);
                        };
                injected.add(fault);
                System.out.println(
                        "[chaos] #"
                                + i
                                + " "
                                + fault.type().label()
                                + " "
                                + fault.target()
                                + " "
                                + fault.detail());
                cluster.awaitLeader(
                        "a leader after fault #" + i + " " + fault.type(),
                        fault.measureFromNanos(),
                        LEADER_PATIENCE);
            }
            long end = System.nanoTime();
            Pacing.sleep(
                    Duration.ofSeconds(1)); // runs in progress at the end get their lines written
            verdict = ChaosVerdict.judge(cluster.runs().allByStart(), injected, end, gapBound);
            stackTraces = cluster.stackTraces();
        } catch (RuntimeException | Error e) {
            System.out.println(
                    "[chaos] FAILED with seed "
                            + seed
                            + " after "
                            + injected.size()
                            + " faults (replay with -Dchaos.seed="
                            + seed
                            + ")");
            throw e;
        }

        String table =
                ChaosTable.render(
                        seed, POPULATION, System.nanoTime() - began, verdict, stackTraces);
        String perFault = ChaosTable.perFault(verdict);
        System.out.println("[chaos] result\n" + table + "\n" + perFault);
        write("chaos-report.md", table + "\n```\n" + perFault + "```\n");
        List<String> failures = verdict.failures();
        assertTrue(
                failures.isEmpty(),
                "chaos run with seed "
                        + seed
                        + " broke the promise (replay with -Dchaos.seed="
                        + seed
                        + "):\n"
                        + String.join("\n", failures)
                        + "\n\n"
                        + table
                        + "\n"
                        + perFault);
    }

    private static void write(String name, String text) {
        try {
            Files.createDirectories(ItConfig.logsDir());
            Files.writeString(ItConfig.logsDir().resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
