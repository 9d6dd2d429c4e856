package io.leadergate.agent.election;

/**
 * Leadership events, called on the elector thread in order. Keep them short: a slow listener delays
 * the next renew (the gate stays safe, it closes on its own deadline). Exceptions are logged once
 * and swallowed; they never stop the elector.
 */
public interface LeadershipListener {

    /** This replica became leader; the gate is already open. */
    default void onStartedLeading(LeadershipState state) {}

    /**
     * This replica stopped leading (renew deadline passed, another holder seen, or stop()); the
     * gate is already closed. Only called after {@link #onStartedLeading}, unlike client-go.
     */
    default void onStoppedLeading(LeadershipState state) {}

    /** The observed holder changed to {@code identity} (non-empty; may be this replica). */
    default void onNewLeader(String identity) {}
}
