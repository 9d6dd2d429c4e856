package io.leadergate.agent.election;

/**
 * The elector's gate, which a graceful hand-over holds shut while the gated calls already running
 * drain. While it is held the elector goes on renewing the Lease as a leader, but its grants never
 * reach the gate: no new call is admitted, the Lease stays ours, and so no successor can start while
 * one of our calls still runs.
 *
 * <p>Invariant: once {@link #hold()} or {@link #holdForGood()} has returned, no grant reaches the
 * gate until {@link #resume()}, and never after {@link #holdForGood()}. Grants and holds take the
 * same lock, so a renewal racing a hold either lands first (and the hold's revoke closes it) or is
 * swallowed.
 */
final class HoldableGate implements GateControl {

    private final GateControl gate;
    private boolean held; // guarded by this
    private boolean forGood; // guarded by this

    HoldableGate(GateControl gate) {
        this.gate = gate;
    }

    /** Closes the gate and keeps it closed; false, and nothing changes, when it is held already. */
    synchronized boolean hold() {
        if (held) {
            return false;
        }
        held = true;
        gate.revoke();
        return true;
    }

    /** As {@link #hold()}, for the JVM's shutdown: {@link #resume()} no longer reopens it. */
    synchronized void holdForGood() {
        held = true;
        forGood = true;
        gate.revoke();
    }

    /** Lets grants through again (the next renewal reopens the gate); false after {@link #holdForGood()}. */
    synchronized boolean resume() {
        if (forGood) {
            return false;
        }
        held = false;
        return true;
    }

    @Override
    public synchronized void grantUntil(long deadlineNanos) {
        if (!held) {
            gate.grantUntil(deadlineNanos);
        }
    }

    @Override
    public void revoke() {
        gate.revoke();
    }
}
