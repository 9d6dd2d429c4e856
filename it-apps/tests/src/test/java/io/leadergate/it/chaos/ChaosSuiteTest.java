package io.leadergate.it.chaos;

import static io.leadergate.it.LeaseTimings.LEASE_DURATION;
import static io.leadergate.it.LeaseTimings.RETRY_PERIOD;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.it.ItConfig;
import io.leadergate.it.ProcessLogs;
import io.leadergate.it.Run;
import io.leadergate.it.chaos.ChaosCluster.Member;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
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
 *
 * <p>The multi-group mode ({@link #atMostOneReplicaPerGroupRunsItsWorkUnderFaults}): the replicas
 * run the groups app, six groups each on its own Lease spread over the replicas, under the same
 * faults (aimed at a replica that leads at least one group); overlaps, gaps and runs where the gate
 * must be shut are judged per group. In {@code mvn verify} a short form of {@link
 * #SHORT_GROUP_FAULTS} faults; the long form: {@code scripts/chaos.sh --groups} ({@code
 * -Dchaos.group.faults=200}).
 */
class ChaosSuiteTest {

    private static final int POPULATION = 4;

    /** Faults of the multi-group short form in {@code mvn verify}: about a minute. */
    static final int SHORT_GROUP_FAULTS = 3;

    private static final Duration FIRST_LEADER = Duration.ofSeconds(180);
    private static final Duration LEADER_PATIENCE = Duration.ofSeconds(90);

    @RegisterExtension static final ProcessLogs logs = new ProcessLogs();

    @Test
    void atMostOneReplicaRunsGatedWorkUnderFaults() {
        runChaos(Integer.getInteger("chaos.faults", FaultType.values().length), false);
    }

    @Test
    void atMostOneReplicaPerGroupRunsItsWorkUnderFaults() {
        runChaos(Integer.getInteger("chaos.group.faults", SHORT_GROUP_FAULTS), true);
    }

    private void runChaos(int faultCount, boolean groups) {
        long seed = Long.getLong("chaos.seed", new SecureRandom().nextLong());
        Duration slack =
                Duration.parse("PT" + System.getProperty("chaos.slack", "3s").toUpperCase());
        System.out.println(
                "[chaos] seed "
                        + seed
                        + " (replay with -Dchaos.seed="
                        + seed
                        + "), "
                        + faultCount
                        + " faults"
                        + (groups ? ", " + ItConfig.GROUPS_APP_GROUPS.size() + " groups" : ""));
        Random random = new Random(seed);
        List<FaultType> schedule = ChaosSchedule.draw(random, faultCount);
        Pacing pacing = new Pacing(random);
        long gapBound = LEASE_DURATION.plus(RETRY_PERIOD).plus(slack).toNanos();
        if (groups) {
            // Claims are held back by the claimer's load (election.Spread): the least loaded
            // survivor of a fault leads at most ceil(G / (N - 1)) groups, one retry period each.
            int groupCount = ItConfig.GROUPS_APP_GROUPS.size();
            int mostLoad = (groupCount + POPULATION - 2) / (POPULATION - 1);
            gapBound += RETRY_PERIOD.multipliedBy(mostLoad + 1).toNanos();
        }

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
            run(seed, schedule, pacing, gapBound, groups);
        } finally {
            Runtime.getRuntime().removeShutdownHook(reaper);
        }
    }

    private void run(
            long seed, List<FaultType> schedule, Pacing pacing, long gapBound, boolean groups) {
        long began = System.nanoTime();
        List<InjectedFault> injected = new ArrayList<>();
        Map<String, ChaosVerdict> verdicts = new TreeMap<>();
        List<String> stackTraces;
        try (ChaosApiServer server = ChaosApiServer.start(logs.testDir());
                ChaosCluster cluster = new ChaosCluster(logs.testDir(), server, groups);
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
            List<Run> runs = cluster.runs().allByStart();
            for (String group : groups ? ItConfig.GROUPS_APP_GROUPS : List.of("")) {
                // Each group is judged alone, on its runs with the replica's own name.
                List<Run> ofGroup =
                        runs.stream()
                                .filter(run -> ChaosCluster.groupOf(run).equals(group))
                                .map(
                                        run ->
                                                new Run(
                                                        ChaosCluster.replicaOf(run),
                                                        run.startNanos(),
                                                        run.endNanos()))
                                .toList();
                verdicts.put(
                        group,
                        ChaosVerdict.judge(
                                ofGroup,
                                groups ? ledWhenHit(injected, ofGroup) : injected,
                                end,
                                gapBound));
            }
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

        StringBuilder report = new StringBuilder();
        StringBuilder printed = new StringBuilder();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, ChaosVerdict> entry : verdicts.entrySet()) {
            String group = entry.getKey();
            ChaosVerdict verdict = entry.getValue();
            String heading = group.isEmpty() ? "" : "### Group " + group + "\n\n";
            String table =
                    ChaosTable.render(
                            seed, POPULATION, System.nanoTime() - began, verdict, stackTraces);
            String perFault = ChaosTable.perFault(verdict);
            printed.append(heading).append(table).append('\n').append(perFault);
            report.append(heading).append(table).append("\n```\n").append(perFault).append("```\n");
            verdict.failures()
                    .forEach(f -> failures.add(group.isEmpty() ? f : "group " + group + ": " + f));
        }
        System.out.println("[chaos] result\n" + printed);
        write(groups ? "chaos-groups-report.md" : "chaos-report.md", report.toString());
        assertTrue(
                failures.isEmpty(),
                "chaos run with seed "
                        + seed
                        + " broke the promise (replay with -Dchaos.seed="
                        + seed
                        + "):\n"
                        + String.join("\n", failures)
                        + "\n\n"
                        + printed);
    }

    /**
     * The faults as one group's verdict takes them: a silence aimed at one replica (a paused or
     * partitioned leader must not run until re-elected) binds only groups that replica was leading
     * when the fault hit (the group's last run before it was the replica's); for another group it
     * was never the holder whose term must lapse, and it may win that group's free Lease at once.
     * Silences for everyone (the API server away) bind every group.
     */
    private static List<InjectedFault> ledWhenHit(List<InjectedFault> faults, List<Run> ofGroup) {
        List<InjectedFault> kept = new ArrayList<>();
        for (InjectedFault fault : faults) {
            String lastRunner = null;
            for (Run run : ofGroup) {
                if (run.startNanos() < fault.startNanos()) {
                    lastRunner = run.replicaId();
                }
            }
            boolean led = fault.target().equals(lastRunner);
            List<Silence> silences =
                    fault.silences().stream()
                            .filter(silence -> led || silence.replicaId() == null)
                            .toList();
            kept.add(
                    new InjectedFault(
                            fault.index(),
                            fault.type(),
                            fault.target(),
                            fault.detail(),
                            fault.startNanos(),
                            fault.measureFromNanos(),
                            silences,
                            fault.pauseStartNanos(),
                            fault.conflicts()));
        }
        return kept;
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
