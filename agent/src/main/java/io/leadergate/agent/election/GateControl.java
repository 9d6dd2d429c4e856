package io.leadergate.agent.election;

import io.leadergate.bootstrap.Gate;

/** The elector's only way to open and close the gate; a seam so unit tests can watch it. */
public interface GateControl {

    /** Admit gated calls until {@code deadlineNanos} ({@link System#nanoTime()} units). */
    void grantUntil(long deadlineNanos);

    /** Stop admitting gated calls now. */
    void revoke();

    /** The default group's gate on the bootstrap class path. */
    GateControl BOOTSTRAP = ofGroup(0);

    /** The gate of one group of gated work ({@link Gate}'s group index) on the bootstrap path. */
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
        };
    }
}
