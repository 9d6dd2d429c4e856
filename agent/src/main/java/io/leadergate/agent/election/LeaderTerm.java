package io.leadergate.agent.election;

import io.leadergate.agent.log.AgentLog;

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
 *       released: {@link #lose()}, {@link #stepDown()}, {@link #halt()} and {@link #watched} revoke;
 *       their callers (for {@link #watched}, the elector thread's next turn) report.
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

    /** Our last successful write's resourceVersion; null before the first. Guarded by this. */
    private String lastWriteVersion;
    /** The resourceVersion of the watch's latest observation; null before the first. Guarded by this. */
    private String lastWatchedVersion;
    /**
     * The watch has shown our last write: events arrive in resourceVersion order, so every later
     * event is newer than it. Before that, an event may be history from before our write (the watch
     * lags), which must not end a term. Guarded by this.
     */
    private boolean lastWriteWatched;
    /** Why the watch ended the term, until the elector thread reports it; null otherwise. Guarded by this. */
    private String revokedBecause;

    /** A write that names us succeeded; it was sent at {@code sentNanos} and made {@code resourceVersion}. */
    synchronized void recordWrite(long sentNanos, String resourceVersion) {
        lastWriteSentNanos = sentNanos;
        lastWriteVersion = resourceVersion;
        lastWriteWatched = resourceVersion != null && resourceVersion.equals(lastWatchedVersion);
    }

    /**
     * Watch thread: a state of the Lease as the watch saw it ({@code seen} null: deleted). While
     * leading, once our last write has been watched, a delete or a record naming another holder
     * ends the term at once: the gate closes now, not at the next renewal (client-go notices only
     * then). The elector thread reports it ({@link #takeRevocation()}).
     *
     * @return why the term ended, or null when it goes on
     */
    synchronized String watched(LeaseSnapshot seen, String identity) {
        if (seen != null && seen.resourceVersion() != null) {
            lastWatchedVersion = seen.resourceVersion();
            if (seen.resourceVersion().equals(lastWriteVersion)) {
                lastWriteWatched = true;
                return null; // the echo of our own write
            }
        }
        if (!leading || stopping || !lastWriteWatched) {
            return null;
        }
        String why;
        if (seen == null) {
            why = "the watch shows the lease deleted";
        } else if (!seen.record().isFree() && !seen.record().isHeldBy(identity)) {
            why = "the watch shows the lease held by " + AgentLog.escape(seen.record().holderIdentity());
        } else {
            return null;
        }
        leading = false;
        gate.revoke();
        revokedBecause = why;
        return why;
    }

    /** Elector thread: why the watch ended the term since the last call, or null; clears it. */
    synchronized String takeRevocation() {
        String why = revokedBecause;
        revokedBecause = null;
        return why;
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
