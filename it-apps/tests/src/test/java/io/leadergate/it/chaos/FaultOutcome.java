package io.leadergate.it.chaos;

import java.util.List;

/**
 * What the run log shows for one fault, over its window (from the fault until the next one).
 *
 * @param longestGapNanos longest stretch without any gated run, from {@link
 *     InjectedFault#measureFromNanos()}
 * @param leadershipChanges times the replica running the work changed within the window
 * @param silenceViolations runs that started where {@link InjectedFault#silences()} forbid it
 */
record FaultOutcome(
        InjectedFault fault,
        long windowEndNanos,
        long longestGapNanos,
        int leadershipChanges,
        List<String> silenceViolations) {}
