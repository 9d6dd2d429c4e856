package io.leadergate.it.chaos;

import static io.leadergate.it.LeaseTimings.LEASE_DURATION;
import static io.leadergate.it.LeaseTimings.RENEW_DEADLINE;
import static io.leadergate.it.LeaseTimings.RETRY_PERIOD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.it.ItConfig;
import io.leadergate.it.ProcessLogs;
import io.leadergate.it.Run;
import io.leadergate.it.RunLog;
import io.leadergate.it.chaos.ChaosCluster.Member;
import io.leadergate.testsupport.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults of time itself (issue 14, part 1): replicas of the plain app whose clocks are faked
 * through {@code LD_PRELOAD} (see {@link FakeClocks}), each behind its own proxy, their runs
 * stamped on this process's real clock ({@link RunStamps}). Figures go to {@code
 * target/it-logs/clock-faults.md} and into docs/reliability.md, "Clocks".
 */
class ClockFaultsTest {

    private static final Duration FIRST_LEADER = Duration.ofSeconds(120);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    /**
     * Leader's clock rate over a follower's below which the leader's gate may outlive its Lease.
     */
    private static final double RATE_BOUND =
            (double) RENEW_DEADLINE.toNanos() / LEASE_DURATION.toNanos();

    @RegisterExtension static final ProcessLogs logs = new ProcessLogs();

    /**
     * The wall clock stepped an hour forward and back and slewed, on the leader and on followers,
     * while they run: no overlap, the same leader throughout, no loss logged. A forward step on the
     * leader shuts its gate until its next renewal (the wall bound of a suspended machine, see
     * {@code Gate}); the longest pause in its runs is reported and bounded by the renew deadline.
     */
    @Test
    void wallClockStepsAndSlewsChangeNeitherLeaderNorOverlap() throws Exception {
        Path shimLibrary = FakeClocks.compileShim(logs.testDir());
        FakeClocks.Shim probeShim =
                new FakeClocks.Shim(shimLibrary, logs.testDir().resolve("probe.offsets"));
        FakeClocks.Reading probe =
                FakeClocks.probe(
                        probeShim.environment(),
                        logs.testDir(),
                        "probe",
                        300,
                        () -> probeShim.stepWall(HOUR));
        assertTrue(
                Math.abs(probe.wall() - probe.real() - 3600) < 1
                        && Math.abs(probe.monotonic() - probe.real()) < 0.2,
                "the shim must step the probe JVM's wall clock by an hour and leave its monotonic clock alone: "
                        + probe);

        Map<String, FakeClocks.Shim> shims = new HashMap<>();
        try (Harness h = Harness.start()) {
            for (int i = 0; i < 3; i++) {
                h.cluster.add(
                        id -> {
                            FakeClocks.Shim shim =
                                    new FakeClocks.Shim(
                                            shimLibrary, logs.testDir().resolve(id + ".offsets"));
                            shims.put(id, shim);
                            return h.env(shim.environment());
                        });
            }
            h.cluster.awaitLeader("a first leader", h.began, FIRST_LEADER);
            h.cluster.awaitAllContending(FIRST_LEADER);
            Member leader =
                    h.cluster.awaitLeader("the settled leader", System.nanoTime(), PATIENCE);
            List<Member> followers = h.cluster.othersThan(leader);
            FakeClocks.Shim onLeader = shims.get(leader.id());
            long from = System.nanoTime();

            List<String> steps = new ArrayList<>();
            step(steps, "leader +1 h", () -> onLeader.stepWall(HOUR));
            step(
                    steps,
                    followers.get(0).id() + " -1 h",
                    () -> shims.get(followers.get(0).id()).stepWall(-HOUR));
            step(
                    steps,
                    followers.get(1).id() + " +1 h",
                    () -> shims.get(followers.get(1).id()).stepWall(HOUR));
            step(steps, "leader -2 h (to -1 h)", () -> onLeader.stepWall(-2 * HOUR));
            step(
                    steps,
                    "leader slewed +0.6 s over 3 s, " + followers.get(0).id() + " slewed -0.6 s",
                    () ->
                            slew(
                                    onLeader,
                                    shims.get(followers.get(0).id()),
                                    600_000_000L,
                                    Duration.ofSeconds(3)));
            step(steps, "leader +1 h (back to +0)", () -> onLeader.stepWall(HOUR));
            long to = System.nanoTime();

            List<Run> runs =
                    h.cluster.runs().allByStart().stream()
                            .filter(r -> r.startNanos() > from && r.startNanos() < to)
                            .toList();
            List<String> overlaps = RunLog.overlaps(h.cluster.runs().allByStart());
            String leaderId = leader.id();
            List<Run> byOthers =
                    runs.stream().filter(r -> !r.replicaId().equals(leaderId)).toList();
            long longestPause = longestPause(runs);
            String report =
                    String.format(
                            Locale.ROOT,
                            "wall clock steps and slews (%s): %d runs, all by the leader: %s, "
                                    + "overlaps %d, longest pause between the leader's runs %.3f s (renew deadline %.1f s, retry period %.2f s)",
                            String.join("; ", steps),
                            runs.size(),
                            byOthers.isEmpty(),
                            overlaps.size(),
                            longestPause / 1e9,
                            RENEW_DEADLINE.toMillis() / 1e3,
                            RETRY_PERIOD.toMillis() / 1e3);
            Harness.report("wall", report);
            assertEquals(List.of(), overlaps, report + "\n" + h.cluster.describe());
            assertEquals(List.of(), byOthers, report + "\n" + h.cluster.describe());
            for (Member member : h.cluster.members()) {
                assertTrue(
                        !member.process().stderr().contains("lost leadership"),
                        member.id() + " logged a loss: " + report + "\n" + h.cluster.describe());
            }
            assertTrue(
                    longestPause < RENEW_DEADLINE.toNanos(), report + "\n" + h.cluster.describe());
        }
    }

    /**
     * One replica's clocks run at a multiple of real time (libfaketime), first as a follower, then
     * as the leader. A handover is safe while the leader's clock rate over the successor's is at
     * least renewDeadline / leaseDuration (0.75 here): the leader's gate shuts at renewDeadline of
     * its time after its last renewal, the successor acquires leaseDuration of its time after
     * seeing it. Inside the bound no overlap; outside it (a follower at ×1.4 or ×2, a leader at
     * ×0.7) the predicted margin is negative, and at ×2 both gates are seen open at once. The
     * margin is the successor's first run start minus the cut-off leader's last run start.
     */
    @Test
    void clockRatesInsideTheBoundNeverOverlapOutsideItTheyCan() throws Exception {
        FakeClocks.Reading probe =
                FakeClocks.probe(FakeClocks.rate(1.4), logs.testDir(), "probe", 1000, () -> {});
        System.out.println("[clocks] probe JVM with libfaketime x1.4: " + probe);
        assertTrue(
                Math.abs(probe.monotonicRate() - 1.4) < 0.1
                        && Math.abs(probe.wallRate() - 1.4) < 0.1,
                "libfaketime x1.4 must reach the probe JVM's System.nanoTime() and currentTimeMillis(): "
                        + probe);

        StringBuilder table =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "| odd clock | as | leader rate / successor rate | predicted margin | measured margin | overlapping runs |%n"
                                        + "|---|---|---:|---:|---:|---:|%n"));
        Map<String, String> longerRuns =
                Map.of("IT_RUN_MILLIS", "60"); // more of each cycle inside a run
        List<String> failures = new ArrayList<>();
        Handover dualAtTwice = null;
        for (double factor : new double[] {0.9, 1.1, 1.4, 0.7, 2.0}) {
            try (Harness h = Harness.start()) {
                Member normal = h.cluster.add(id -> h.env(longerRuns));
                h.cluster.awaitLeader("the normal replica to lead", h.began, FIRST_LEADER);
                Map<String, String> oddEnv = new HashMap<>(FakeClocks.rate(factor));
                oddEnv.putAll(longerRuns);
                Member odd = h.cluster.add(id -> h.env(oddEnv));
                h.cluster.awaitAllContending(FIRST_LEADER);
                for (Member[] pair : new Member[][] {{normal, odd}, {odd, normal}}) {
                    Member leader = pair[0];
                    Member successor = pair[1];
                    h.cluster.awaitLeader(leader.id() + " to lead", System.nanoTime(), PATIENCE);
                    Handover handover = h.cutOff(leader, successor);
                    double leaderRate = leader == odd ? factor : 1;
                    double successorRate = successor == odd ? factor : 1;
                    double ratio = leaderRate / successorRate;
                    double predicted =
                            LEASE_DURATION.toNanos() / 1e9 / successorRate
                                    - RENEW_DEADLINE.toNanos() / 1e9 / leaderRate;
                    table.append(
                            String.format(
                                    Locale.ROOT,
                                    "| ×%s | %s | %.2f %s | %+.3f s | %+.3f s | %d |%n",
                                    factor,
                                    leader == odd ? "leader" : "follower",
                                    ratio,
                                    ratio >= RATE_BOUND ? "(inside)" : "(**outside**)",
                                    predicted,
                                    handover.marginNanos() / 1e9,
                                    handover.overlaps().size()));
                    if (ratio >= RATE_BOUND
                            && (handover.bothGatesOpen() || !handover.overlaps().isEmpty())) {
                        failures.add(
                                "×"
                                        + factor
                                        + " "
                                        + leader.id()
                                        + " → "
                                        + successor.id()
                                        + ": "
                                        + handover);
                    }
                    if (factor == 2.0 && successor == odd) {
                        dualAtTwice = handover;
                    }
                }
            }
        }
        Harness.report(
                "rates",
                "clock rates (lease "
                        + LEASE_DURATION.toSeconds()
                        + " s, renew deadline "
                        + RENEW_DEADLINE.toMillis()
                        + " ms; bound "
                        + RATE_BOUND
                        + "):\n"
                        + table);
        assertEquals(List.of(), failures, "overlaps inside the bound\n" + table);
        assertTrue(
                dualAtTwice != null && dualAtTwice.bothGatesOpen(),
                "a follower at ×2 takes over 0.5 s before the leader's "
                        + "gate shuts: the run log must show both running, or this test could not see it\n"
                        + dualAtTwice
                        + "\n"
                        + table);
    }

    /**
     * A suspended machine: the leader is stopped (SIGSTOP) between two runs until another replica
     * has taken over, and its monotonic clock loses the whole stopped span (the shim), as
     * CLOCK_MONOTONIC does over a suspend, while its wall clock keeps time. Resumed, its monotonic
     * deadline still lies ahead; the gate's wall-clock bound must refuse every call until it is
     * re-elected.
     */
    @Test
    void aLeaderResumedWithItsMonotonicClockFrozenAdmitsNothing() throws Exception {
        Path shimLibrary = FakeClocks.compileShim(logs.testDir());
        FakeClocks.Shim probeShim =
                new FakeClocks.Shim(shimLibrary, logs.testDir().resolve("probe.offsets"));
        FakeClocks.Reading probe =
                FakeClocks.probe(
                        probeShim.environment(),
                        logs.testDir(),
                        "probe",
                        500,
                        () -> probeShim.loseMonotonic(TimeUnit.SECONDS.toNanos(5)));
        assertTrue(
                Math.abs(probe.monotonic() - (probe.real() - 5)) < 0.2
                        && Math.abs(probe.wall() - probe.real()) < 0.2,
                "the shim must take 5 s off the probe JVM's monotonic clock and leave its wall clock alone: "
                        + probe);

        Map<String, FakeClocks.Shim> shims = new HashMap<>();
        try (Harness h = Harness.start();
                Signals signals = Signals.start()) {
            for (int i = 0; i < 3; i++) {
                h.cluster.add(
                        id -> {
                            FakeClocks.Shim shim =
                                    new FakeClocks.Shim(
                                            shimLibrary, logs.testDir().resolve(id + ".offsets"));
                            shims.put(id, shim);
                            return h.env(shim.environment());
                        });
            }
            h.cluster.awaitLeader("a first leader", h.began, FIRST_LEADER);
            h.cluster.awaitAllContending(FIRST_LEADER);
            Member leader =
                    h.cluster.awaitLeader("the settled leader", System.nanoTime(), PATIENCE);

            // Between two runs: right after one ends, 50 ms before the next call.
            long seen = System.nanoTime();
            Run last =
                    Await.value(
                            "a run of the leader to end",
                            PATIENCE,
                            () ->
                                    h.cluster
                                            .runs()
                                            .firstStartingAfter(
                                                    seen, r -> r.replicaId().equals(leader.id())),
                            h.cluster::describe);
            signals.stop(leader.process().pid());
            long stopped = System.nanoTime();
            Run successor =
                    Await.value(
                            "another replica to run",
                            PATIENCE,
                            () -> h.cluster.runByAnotherSince(leader, stopped),
                            h.cluster::describe);
            Pacing.sleep(Duration.ofSeconds(1)); // the successor is well into its term
            long frozen = System.nanoTime() - stopped;
            shims.get(leader.id()).loseMonotonic(frozen);
            signals.resume(leader.process().pid());
            long resumed = System.nanoTime();
            Pacing.sleep(
                    LEASE_DURATION.plus(
                            Duration.ofSeconds(
                                    1))); // past any deadline the frozen gate could believe in
            long checkedUntil = System.nanoTime();

            List<Run> all = h.cluster.runs().allByStart();
            List<Run> admittedAfterResume =
                    all.stream()
                            .filter(
                                    r ->
                                            r.replicaId().equals(leader.id())
                                                    && r.startNanos() > stopped
                                                    && r.startNanos() < checkedUntil)
                            .toList();
            List<String> overlaps = RunLog.overlaps(all);
            String report =
                    String.format(
                            Locale.ROOT,
                            "suspended leader %s: stopped %.3f s after its last run ended, "
                                    + "successor %s ran %.3f s after the stop, monotonic clock frozen for %.3f s; "
                                    + "runs it started in the %.1f s after resume: %d; overlapping runs: %d",
                            leader.id(),
                            (stopped - last.endNanos()) / 1e9,
                            successor.replicaId(),
                            (successor.startNanos() - stopped) / 1e9,
                            frozen / 1e9,
                            (checkedUntil - resumed) / 1e9,
                            admittedAfterResume.size(),
                            overlaps.size());
            Harness.report("suspend", report);
            assertEquals(List.of(), admittedAfterResume, report + "\n" + h.cluster.describe());
            assertEquals(List.of(), overlaps, report + "\n" + h.cluster.describe());
        }
    }

    private static void step(List<String> steps, String what, Runnable action) {
        action.run();
        steps.add(what);
        Pacing.sleep(Duration.ofMillis(1500)); // several renewals and many runs under the new clock
    }

    /**
     * Moves two wall clocks apart by {@code nanos} in 20 ms steps over {@code over}: a slew, as
     * adjtime does.
     */
    private static void slew(
            FakeClocks.Shim ahead, FakeClocks.Shim behind, long nanos, Duration over) {
        int steps = (int) (over.toMillis() / 20);
        for (int i = 0; i < steps; i++) {
            ahead.stepWall(nanos / steps);
            behind.stepWall(-nanos / steps);
            Pacing.sleep(Duration.ofMillis(20));
        }
    }

    /**
     * The longest time between the end of one run and the start of the next, over runs in start
     * order.
     */
    private static long longestPause(List<Run> runs) {
        long longest = 0;
        for (int i = 1; i < runs.size(); i++) {
            longest = Math.max(longest, runs.get(i).startNanos() - runs.get(i - 1).endNanos());
        }
        return longest;
    }

    /**
     * A cut-off leader's last run, its successor's first, and the overlapping runs of the handover.
     * The margin is negative when both gates were open at once: the cut-off leader cannot renew, so
     * its gate was open from before the cut until at least its last run's start.
     */
    record Handover(Run lastOfLeader, Run firstOfSuccessor, List<String> overlaps) {
        long marginNanos() {
            return firstOfSuccessor.startNanos() - lastOfLeader.startNanos();
        }

        boolean bothGatesOpen() {
            return marginNanos() < 0;
        }
    }

    /** A dev server, a cluster on it, and the stamper its replicas report their runs to. */
    private static final class Harness implements AutoCloseable {
        final ChaosApiServer server;
        final ChaosCluster cluster;
        final RunStamps stamps;
        final long began = System.nanoTime();

        private Harness(ChaosApiServer server, ChaosCluster cluster, RunStamps stamps) {
            this.server = server;
            this.cluster = cluster;
            this.stamps = stamps;
        }

        static Harness start() {
            ChaosApiServer server = ChaosApiServer.start(logs.testDir());
            ChaosCluster cluster = new ChaosCluster(logs.testDir(), server);
            return new Harness(server, cluster, RunStamps.start(cluster.runs().file()));
        }

        /** A replica's environment: runs stamped here, plus {@code clocks}. */
        Map<String, String> env(Map<String, String> clocks) {
            Map<String, String> env = new HashMap<>(clocks);
            env.put("IT_RUN_STAMPS_PORT", String.valueOf(stamps.port()));
            return env;
        }

        /**
         * Cuts {@code leader} off the API server until {@code successor} runs, then restores it and
         * waits until it has seen the new leader.
         */
        Handover cutOff(Member leader, Member successor) {
            leader.proxy().cut();
            long cut = System.nanoTime();
            long restored;
            Run first;
            try {
                first =
                        Await.value(
                                successor.id() + " to take over from " + leader.id(),
                                PATIENCE,
                                () ->
                                        cluster.runs()
                                                .firstStartingAfter(
                                                        cut,
                                                        r -> r.replicaId().equals(successor.id())),
                                cluster::describe);
                Pacing.sleep(
                        Duration.ofMillis(
                                500)); // the old leader's gate has shut by now at any rate we try
            } finally {
                leader.proxy().restore();
                restored = System.nanoTime();
            }
            Await.until(
                    leader.id() + " to see " + successor.id() + " lead",
                    PATIENCE,
                    () -> leader.process().stderr().contains("new leader is " + successor.id()),
                    cluster::describe);
            // This handover only: runs in progress at the cut or started before the restore.
            List<Run> around =
                    cluster.runs().allByStart().stream()
                            .filter(r -> r.endNanos() > cut && r.startNanos() < restored)
                            .toList();
            Run last =
                    around.stream()
                            .filter(r -> r.replicaId().equals(leader.id()))
                            .max(java.util.Comparator.comparingLong(Run::startNanos))
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    "no run of "
                                                            + leader.id()
                                                            + " at the cut\n"
                                                            + cluster.describe()));
            return new Handover(last, first, RunLog.overlaps(around));
        }

        /** Prints {@code text} and keeps it in {@code target/it-logs/clock-faults-<name>.md}. */
        static void report(String name, String text) {
            System.out.println("[clocks] " + text);
            try {
                Files.writeString(
                        ItConfig.logsDir().resolve("clock-faults-" + name + ".md"), text + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            cluster.close();
            stamps.close();
            server.close();
        }
    }
}
