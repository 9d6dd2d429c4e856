package io.leadergate.agent.election;

/**
 * This replica's term as leader, and the only code that opens or closes the gate.
 *
 * <p>Invariants:
 * <ul>
 *   <li>The gate is granted only until {@link #lastWriteSentNanos} + {@link #renewDeadlineNanos}: the
 *       send time of the last successful write, never its response time, so a late answer cannot
 *       extend a term.
 *   <li>Nothing is granted after {@link #halt()}: grants and halt take this object's lock, so a grant
 *       racing a halt either lands first (and halt's revoke closes it) or is not made.
 *   <li>The gate is revoked, under the lock, before a loss is reported and before the Lease is
 *       released: {@link #lose()}, {@link #stepDown()} and {@link #halt()} revoke; their callers report.
 * </ul>
 *
 * <p>The elector's gate is a {@link HoldableGate}: while a graceful hand-over drains the gated calls
 * in flight it swallows these grants, so the term goes on (renewals keep the Lease ours) with the
 * gate shut.
 *
 * <p>{@link #recordWrite}, {@link #nanosLeft} and {@link #endedAt} are for the elector thread; the rest
 * for any thread.
 */
final class LeaderTerm {

    private final GateControl gate;
    /** A term lasts this long (nanos) after the send time of its last successful write. */
    private final long renewDeadlineNanos;

    /** Send time (monotonic nanos) of the last successful acquire/renew write; the term ends at
     *  this + renewDeadlineNanos. Meaningful only while leading. Elector thread. */
    private long lastWriteSentNanos;

    // Shared with halt(); written under `this` so that no grant can follow halt()'s revoke.
    private volatile boolean leading;
    private volatile boolean stopping;
    /** Set by {@link #stepDown()}: the next turn hands the Lease over. Written under {@code this}. */
    private volatile boolean steppingDown;

    LeaderTerm(GateControl gate, ElectionSettings settings) {
        this.gate = gate;
        this.renewDeadlineNanos = settings.renewDeadline().toNanos();
    }

    /** Whether the last turn left us leading; any thread. */
    boolean isLeading() {
        return leading;
    }

    /** True once {@link #halt()} ran: turns are inert, the stop publishes and reports. */
    boolean halted() {
        return stopping;
    }

    /** A write that names us succeeded; it was sent at {@code sentNanos}. */
    void recordWrite(long sentNanos) {
        lastWriteSentNanos = sentNanos;
    }

    /** Nanos from {@code nowNanos} until the term ends; zero or less once it has. */
    long nanosLeft(long nowNanos) {
        return lastWriteSentNanos + renewDeadlineNanos - nowNanos;
    }

    /** Whether no successful write has been sent within the renew deadline before {@code nowNanos}. */
    boolean endedAt(long nowNanos) {
        return nowNanos - (lastWriteSentNanos + renewDeadlineNanos) >= 0;
    }

    /**
     * A contender's write named us: leading, gate open until the term's end. False, and nothing
     * changes, once halted (the stop releases the Lease we just wrote).
     */
    synchronized boolean begin() {
        if (stopping) {
            return false;
        }
        leading = true;
        gate.grantUntil(lastWriteSentNanos + renewDeadlineNanos);
        return true;
    }

    /** A renewal succeeded: the gate stays open until the new term end (while leading, not halted). */
    synchronized void extend() {
        if (leading && !stopping) {
            gate.grantUntil(lastWriteSentNanos + renewDeadlineNanos);
        }
    }

    /** Leadership is lost: gate closed. False, and nothing changes, when not leading. */
    synchronized boolean lose() {
        if (!leading) {
            return false;
        }
        leading = false;
        gate.revoke();
        return true;
    }

    /** Any thread: closes the gate and makes later turns inert. Returns whether we were leading. */
    synchronized boolean halt() {
        stopping = true;
        boolean wasLeading = leading || steppingDown; // a pending step-down has not reported its loss yet
        leading = false;
        steppingDown = false;
        gate.revoke();
        return wasLeading;
    }

    /**
     * Any thread: closes the gate now; the next turn hands the Lease over ({@link #takeStepDown()}).
     * False, and nothing changes, when not leading or halted.
     */
    synchronized boolean stepDown() {
        if (!leading || stopping) {
            return false;
        }
        leading = false;
        steppingDown = true;
        gate.revoke();
        return true;
    }

    /** Elector thread: whether a step-down is pending (and not overtaken by a halt); clears it. */
    synchronized boolean takeStepDown() {
        boolean requested = steppingDown && !stopping;
        steppingDown = false;
        return requested;
    }
}
