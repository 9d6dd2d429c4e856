package io.leadergate.it.chaos;

import static io.leadergate.it.LeaseTimings.LEASE_DURATION;
import static io.leadergate.it.LeaseTimings.RENEW_DEADLINE;
import static io.leadergate.it.LeaseTimings.RETRY_PERIOD;

import java.util.List;
import java.util.Locale;

/**
 * The verdict as Markdown: a summary by fault type (what docs/reliability.md quotes), then every
 * fault.
 */
final class ChaosTable {

    private ChaosTable() {}

    static String render(
            long seed,
            int population,
            long wallNanos,
            ChaosVerdict verdict,
            List<String> stackTraces) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "Chaos run: seed %d, %d faults, %d replicas (%d in storms), lease %ds / renew %dms / "
                                + "retry %dms, %d gated runs, %.1f min%n%n",
                        seed,
                        verdict.outcomes().size(),
                        population,
                        ReplicaFaults.STORM_POPULATION,
                        LEASE_DURATION.toSeconds(),
                        RENEW_DEADLINE.toMillis(),
                        RETRY_PERIOD.toMillis(),
                        verdict.runCount(),
                        wallNanos / 60e9));
        out.append(
                "| Fault | Injected | Longest gap without a leader | Gap bound | Leadership changes | Runs where the gate must be shut | 409s |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        int total = 0;
        long worstGap = 0;
        int violations = 0;
        long conflicts = 0;
        for (FaultType type : FaultType.values()) {
            List<FaultOutcome> ofType =
                    verdict.outcomes().stream().filter(o -> o.fault().type() == type).toList();
            long gap = ofType.stream().mapToLong(FaultOutcome::longestGapNanos).max().orElse(0);
            int changes = ofType.stream().mapToInt(FaultOutcome::leadershipChanges).sum();
            int shut = ofType.stream().mapToInt(o -> o.silenceViolations().size()).sum();
            long storm = ofType.stream().mapToLong(o -> o.fault().conflicts()).sum();
            out.append(
                    String.format(
                            Locale.ROOT,
                            "| %s%s | %d | %s | %s | %d | %d | %s |%n",
                            type.label(),
                            type.apiServerDown() ? " (gap from restore)" : "",
                            ofType.size(),
                            ofType.isEmpty() ? "-" : Pacing.seconds(gap),
                            Pacing.seconds(verdict.gapBoundNanos()),
                            changes,
                            shut,
                            type == FaultType.CONFLICT_STORM ? storm : "-"));
            total += ofType.size();
            worstGap = Math.max(worstGap, gap);
            violations += shut;
            conflicts += storm;
        }
        out.append(
                String.format(
                        Locale.ROOT,
                        "| **all** | **%d** | **%s** | | **%d** | **%d** | **%d** |%n%n",
                        total,
                        Pacing.seconds(worstGap),
                        verdict.leadershipChanges(),
                        violations,
                        conflicts));
        out.append(
                String.format(
                        Locale.ROOT,
                        "- Overlapping gated runs of two replicas: **%d** (must be 0)%n",
                        verdict.overlaps().size()));
        out.append(
                String.format(
                        Locale.ROOT,
                        "- Runs in progress when their JVM was SIGSTOPped that overlapped the next leader once "
                                + "resumed: %d (not preventable by a gate; see docs/reliability.md, Work already running)%n",
                        verdict.overlapsAcrossPause().size()));
        out.append(
                String.format(
                        Locale.ROOT,
                        "- Leadership changes in the run log: %d%n",
                        verdict.leadershipChanges()));
        out.append(
                String.format(
                        Locale.ROOT,
                        "- Stack traces in replica logs (the agent promises one line per failure): %d%n",
                        stackTraces.size()));
        stackTraces.stream()
                .distinct()
                .limit(5)
                .forEach(trace -> out.append("  - `").append(trace).append("`\n"));
        return out.toString();
    }

    /** One line per fault, for the log: what was done, to whom, and what followed. */
    static String perFault(ChaosVerdict verdict) {
        StringBuilder out =
                new StringBuilder(
                        "#   fault                          target       detail                          gap      changes\n");
        for (FaultOutcome outcome : verdict.outcomes()) {
            InjectedFault fault = outcome.fault();
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%-3d %-30s %-12s %-31s %-8s %d%s%n",
                            fault.index(),
                            fault.type().label(),
                            fault.target(),
                            fault.detail(),
                            Pacing.seconds(outcome.longestGapNanos()),
                            outcome.leadershipChanges(),
                            verdict.gapTooLong(outcome) || !outcome.silenceViolations().isEmpty()
                                    ? "  <-- FAILED"
                                    : ""));
        }
        verdict.overlapsAcrossPause()
                .forEach(o -> out.append("in flight across a pause: ").append(o).append('\n'));
        return out.toString();
    }
}
