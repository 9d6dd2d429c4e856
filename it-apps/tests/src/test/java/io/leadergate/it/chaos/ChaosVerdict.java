package io.leadergate.it.chaos;

import io.leadergate.it.Run;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges the run log of a chaos run against the faults injected.
 *
 * <p>Must hold: no two replicas' gated runs overlap; no run starts where a {@link Silence} forbids
 * it; after each fault, the longest stretch without gated work is at most lease duration + retry
 * period + slack. Reported, not failed: runs that were in progress when their JVM was SIGSTOPped
 * and overlapped the next leader once resumed. The gate is checked when a method is entered; a
 * thread frozen inside the method is beyond any gate (docs/reliability.md: fencing).
 */
final class ChaosVerdict {

    /**
     * A run's recorded start is read just after the gate admitted it; on a loaded host the thread
     * can be descheduled in between. A gate that failed to close would show runs for seconds.
     */
    static final long ENTRY_TOLERANCE_NANOS = 100_000_000L;

    private final List<Run> runs;
    private final List<FaultOutcome> outcomes = new ArrayList<>();
    private final List<String> overlaps = new ArrayList<>();
    private final List<String> overlapsAcrossPause = new ArrayList<>();
    private final long gapBoundNanos;
    private int leadershipChanges;

    private ChaosVerdict(List<Run> runs, long gapBoundNanos) {
        this.runs = runs;
        this.gapBoundNanos = gapBoundNanos;
    }

    /**
     * @param runsByStart every run of the chaos run, in start order
     * @param endNanos end of observation (the last fault's window ends here)
     */
    static ChaosVerdict judge(
            List<Run> runsByStart, List<InjectedFault> faults, long endNanos, long gapBoundNanos) {
        ChaosVerdict verdict = new ChaosVerdict(runsByStart, gapBoundNanos);
        for (int i = 0; i < faults.size(); i++) {
            long windowEnd = i + 1 < faults.size() ? faults.get(i + 1).startNanos() : endNanos;
            verdict.outcomes.add(verdict.outcome(faults.get(i), windowEnd));
        }
        verdict.classifyOverlaps(faults);
        verdict.leadershipChanges = changes(runsByStart, Long.MIN_VALUE, Long.MAX_VALUE);
        return verdict;
    }

    private FaultOutcome outcome(InjectedFault fault, long windowEnd) {
        List<String> violations = new ArrayList<>();
        for (Silence silence : fault.silences()) {
            Silence clipped = silence.clippedTo(windowEnd);
            for (Run run : runs) {
                if (clipped.violatedBy(run)
                        && run.startNanos() - clipped.fromNanos() >= ENTRY_TOLERANCE_NANOS) {
                    violations.add(
                            String.format(
                                    "fault #%d %s: %s started %s after the silence began (%s)",
                                    fault.index(),
                                    fault.type(),
                                    run,
                                    Pacing.seconds(run.startNanos() - clipped.fromNanos()),
                                    clipped.why()));
                }
            }
        }
        return new FaultOutcome(
                fault,
                windowEnd,
                longestGap(fault.measureFromNanos(), windowEnd),
                changes(runs, fault.startNanos(), windowEnd),
                violations);
    }

    /** Longest stretch of [from, to) covered by no run. */
    private long longestGap(long from, long to) {
        long covered = from;
        long longest = 0;
        for (Run run : runs) {
            if (run.endNanos() <= from || run.startNanos() >= to) {
                continue;
            }
            longest = Math.max(longest, run.startNanos() - covered);
            covered = Math.max(covered, run.endNanos());
        }
        return Math.max(longest, to - covered);
    }

    /**
     * Times the replica running the work changed for runs starting in [from, to): consecutive runs
     * in start order by different replicas, the first one compared with the last run before.
     */
    private static int changes(List<Run> runs, long from, long to) {
        int changes = 0;
        String previous = null;
        for (Run run : runs) {
            if (run.startNanos() < from) {
                previous = run.replicaId();
                continue;
            }
            if (run.startNanos() >= to) {
                break;
            }
            if (previous != null && !previous.equals(run.replicaId())) {
                changes++;
            }
            previous = run.replicaId();
        }
        return changes;
    }

    private void classifyOverlaps(List<InjectedFault> faults) {
        List<Run> active = new ArrayList<>();
        for (Run run : runs) {
            active.removeIf(earlier -> earlier.endNanos() <= run.startNanos());
            for (Run earlier : active) {
                if (!earlier.replicaId().equals(run.replicaId())) {
                    String pair = earlier + " overlaps " + run;
                    if (inFlightAcrossPause(earlier, faults) || inFlightAcrossPause(run, faults)) {
                        overlapsAcrossPause.add(pair + " (in flight when its JVM was stopped)");
                    } else {
                        overlaps.add(pair);
                    }
                }
            }
            active.add(run);
        }
    }

    private static boolean inFlightAcrossPause(Run run, List<InjectedFault> faults) {
        return faults.stream()
                .anyMatch(
                        f ->
                                f.target().equals(run.replicaId())
                                        && f.pauseStartNanos().isPresent()
                                        && run.startNanos() < f.pauseStartNanos().getAsLong()
                                        && run.endNanos() > f.pauseStartNanos().getAsLong());
    }

    List<FaultOutcome> outcomes() {
        return outcomes;
    }

    List<String> overlaps() {
        return overlaps;
    }

    List<String> overlapsAcrossPause() {
        return overlapsAcrossPause;
    }

    int leadershipChanges() {
        return leadershipChanges;
    }

    int runCount() {
        return runs.size();
    }

    long gapBoundNanos() {
        return gapBoundNanos;
    }

    boolean gapTooLong(FaultOutcome outcome) {
        return outcome.longestGapNanos() > gapBoundNanos;
    }

    /** Every broken promise, one line each; empty when the run passed. */
    List<String> failures() {
        List<String> failures = new ArrayList<>();
        overlaps.forEach(o -> failures.add("OVERLAP: " + o));
        for (FaultOutcome outcome : outcomes) {
            outcome.silenceViolations().forEach(v -> failures.add("GATE OPEN TOO LONG: " + v));
            if (gapTooLong(outcome)) {
                InjectedFault fault = outcome.fault();
                failures.add(
                        String.format(
                                "NO LEADER TOO LONG: fault #%d %s (%s): %s without gated work, bound %s",
                                fault.index(),
                                fault.type(),
                                fault.detail(),
                                Pacing.seconds(outcome.longestGapNanos()),
                                Pacing.seconds(gapBoundNanos)));
            }
        }
        return failures;
    }
}
