package io.leadergate.agent.election;

import io.leadergate.bootstrap.Gate;

/**
 * The elector's only way to the gate: open it until a deadline, close it, and count the admitted
 * gated calls still running (what a graceful hand-over waits on before it releases the Lease). A
 * seam, so unit tests can watch the gate and hold calls "in flight" without weaving anything.
 */
public interface GateControl {

    /** Admit gated calls until {@code deadlineNanos} ({@link System#nanoTime()} units). */
    void grantUntil(long deadlineNanos);

    /** Stop admitting gated calls now. */
    void revoke();

    /**
     * Admitted gated calls that have not returned or thrown yet; never undercounts once the gate is
     * shut.
     */
    long inFlight();

    /** The default group's gate on the bootstrap class path, and its count. */
    GateControl BOOTSTRAP = ofGroup(0);

    /**
     * The gate of one group of gated work ({@link Gate}'s group index) on the bootstrap class path,
     * and the count of that group's calls ({@link Gate#inFlightOfGroup}).
     */
    static GateControl ofGroup(int group) {
        return new GateControl() {
            @Override
            public void grantUntil(long deadlineNanos) {
                Gate.grantUntil(group, deadlineNanos);
            }

            @Override
            public void revoke() {
                Gate.revoke(group);
            }

            @Override
            public long inFlight() {
                return Gate.inFlightOfGroup(group);
            }
        };
    }
}
