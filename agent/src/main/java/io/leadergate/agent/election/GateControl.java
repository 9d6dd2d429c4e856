package io.leadergate.agent.election;

import io.leadergate.bootstrap.Gate;

/** The elector's only way to open and close the gate; a seam so unit tests can watch it. */
public interface GateControl {

    /** Admit gated calls until {@code deadlineNanos} ({@link System#nanoTime()} units). */
    void grantUntil(long deadlineNanos);

    /** Stop admitting gated calls now. */
    void revoke();

    /** The process-wide gate on the bootstrap class path. */
    GateControl BOOTSTRAP =
            new GateControl() {
                @Override
                public void grantUntil(long deadlineNanos) {
                    Gate.grantUntil(deadlineNanos);
                }

                @Override
                public void revoke() {
                    Gate.revoke();
                }
            };
}
