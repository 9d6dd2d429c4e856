package io.leadergate.agent.election;

import java.util.concurrent.TimeUnit;

/**
 * The last Lease record this replica saw and when, by its own monotonic clock: client-go's
 * {@code observedRecord} and {@code observedTime}.
 *
 * <p>The expiry rule lives here: another holder's lease is valid until {@link #observedAtNanos} plus
 * the record's own {@code leaseDurationSeconds}. The record's timestamps are never compared with a
 * clock; they matter only in that a change (by {@link LeaseRecord#equals}) restarts the wait.
 */
final class LeaseObservation {

    /** How long a free Lease is left to its preferred holder before others claim it, nanos. */
    private final long preferredHolderHeadStartNanos;
    private LeaseRecord record;
    /** Local monotonic nanos when {@link #record} was first seen (or written by us). */
    private long observedAtNanos;

    /** @param preferredHolderHeadStartNanos a retry period: one chance for the preferred holder to claim */
    LeaseObservation(long preferredHolderHeadStartNanos) {
        this.preferredHolderHeadStartNanos = preferredHolderHeadStartNanos;
    }

    /** A record read from the server: remembered, with {@code nowNanos}, only if it changed. */
    void read(LeaseRecord seen, long nowNanos) {
        if (!seen.equals(record)) {
            record = seen;
            observedAtNanos = nowNanos;
        }
    }

    /** A record we just wrote: new as of {@code nowNanos}. */
    void wrote(LeaseRecord written, long nowNanos) {
        record = written;
        observedAtNanos = nowNanos;
    }

    /** Null before the first read or write. */
    LeaseRecord record() {
        return record;
    }

    /** True while the observed record names another, non-empty holder and has not expired at {@code nowNanos}. */
    boolean heldByAnotherAt(String identity, long nowNanos) {
        return nanosUntilFree(identity, nowNanos) > 0;
    }

    /**
     * Nanos from {@code nowNanos} until another holder's lease expires by the rule above: observed
     * time + the record's {@code leaseDurationSeconds}. A free record whose {@code preferredHolder}
     * names someone else stays the preferred one's for a retry period from its observation (a planned
     * hand-over: it gets the first chance). 0 when it is free, ours, expired or unknown.
     */
    long nanosUntilFree(String identity, long nowNanos) {
        if (record != null && record.isFree() && record.preferredOtherThan(identity) != null) {
            return Math.max(0, observedAtNanos + preferredHolderHeadStartNanos - nowNanos);
        }
        if (record == null || record.isFree() || record.isHeldBy(identity)) {
            return 0;
        }
        long durationNanos = TimeUnit.SECONDS.toNanos(Math.max(0, record.leaseDurationSeconds()));
        return Math.max(0, observedAtNanos + durationNanos - nowNanos);
    }
}
