package io.leadergate.it.chaos;

import io.leadergate.it.Run;

/**
 * A stretch in which a replica (or, with {@code replicaId} null, every replica) must not START a
 * gated run, because the protocol says it cannot hold a valid grant then. Runs already in progress
 * are not covered: the gate is checked when a gated method is entered.
 *
 * @param fromNanos inclusive, {@code System.nanoTime()} of the test JVM (one clock for the host)
 * @param untilNanos exclusive
 * @param why the rule, for the report
 */
record Silence(String replicaId, long fromNanos, long untilNanos, String why) {

    boolean violatedBy(Run run) {
        return (replicaId == null || replicaId.equals(run.replicaId()))
                && run.startNanos() >= fromNanos
                && run.startNanos() < untilNanos;
    }

    /**
     * The same rule ending no later than {@code limitNanos} (the next fault may change who may
     * run).
     */
    Silence clippedTo(long limitNanos) {
        return new Silence(replicaId, fromNanos, Math.min(untilNanos, limitNanos), why);
    }
}
