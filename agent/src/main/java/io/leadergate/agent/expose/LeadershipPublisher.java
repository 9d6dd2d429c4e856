package io.leadergate.agent.expose;

import io.leadergate.agent.election.ElectionEvents;
import io.leadergate.agent.election.LeadershipState;
import io.leadergate.bootstrap.LeadershipView;

/**
 * Keeps {@link LeadershipView} (what the application's {@code io.leadergate.Leadership} reads) in
 * step with the elector: the fencing token of each term. Runs on the elector thread after the gate
 * opened (start) or closed (stop); the view itself answers "not leader" whenever the gate is
 * closed.
 */
final class LeadershipPublisher implements ElectionEvents {

    /** The group's gate index, for {@code Leadership.fencingToken(group)}. */
    private final int gateIndex;

    /** Whether the top-level token (the first group's to elect) follows this elector too. */
    private final boolean topLevel;

    LeadershipPublisher(int gateIndex, boolean topLevel) {
        this.gateIndex = gateIndex;
        this.topLevel = topLevel;
    }

    @Override
    public void onStartedLeading(LeadershipState state) {
        LeadershipView.startTerm(gateIndex, state.leaseTransitions());
        if (topLevel) {
            LeadershipView.startTerm(state.leaseTransitions());
        }
    }

    @Override
    public void onStoppedLeading(LeadershipState state, String why) {
        LeadershipView.endTerm(gateIndex);
        if (topLevel) {
            LeadershipView.endTerm();
        }
    }
}
