package io.leadergate.it.chaos;

import java.util.List;
import java.util.OptionalLong;

/**
 * One fault as it was injected: when, to whom, and what the run log must show because of it.
 *
 * @param startNanos when the fault took effect (signal delivered, proxies cut, latency set)
 * @param measureFromNanos where the leaderless gap is measured from: the start, or the restoration
 *     for faults that take the API server away from everyone
 * @param pauseStartNanos for SIGSTOP: when the replica was confirmed stopped; runs in progress then
 *     are "in flight across a pause"
 * @param conflicts 409 answers the API server gave during the fault (storms), else 0
 */
record InjectedFault(
        int index,
        FaultType type,
        String target,
        String detail,
        long startNanos,
        long measureFromNanos,
        List<Silence> silences,
        OptionalLong pauseStartNanos,
        long conflicts) {

    static InjectedFault of(
            int index,
            FaultType type,
            String target,
            String detail,
            long startNanos,
            long measureFromNanos,
            List<Silence> silences) {
        return new InjectedFault(
                index,
                type,
                target,
                detail,
                startNanos,
                measureFromNanos,
                silences,
                OptionalLong.empty(),
                0);
    }

    InjectedFault withPauseStart(long stoppedNanos) {
        return new InjectedFault(
                index,
                type,
                target,
                detail,
                startNanos,
                measureFromNanos,
                silences,
                OptionalLong.of(stoppedNanos),
                conflicts);
    }

    InjectedFault withConflicts(long count) {
        return new InjectedFault(
                index,
                type,
                target,
                detail,
                startNanos,
                measureFromNanos,
                silences,
                pauseStartNanos,
                count);
    }
}
