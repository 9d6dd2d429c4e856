package io.leadergate.agent.election;

import io.leadergate.bootstrap.Gate;

/**
 * How many admitted gated calls are still running: what a graceful hand-over waits on before it
 * releases the Lease. A seam, so unit tests can hold calls "in flight" without weaving anything.
 */
public interface CallsInFlight {

    /**
     * Admitted gated calls that have not returned or thrown yet; never undercounts once the gate is
     * shut.
     */
    long count();

    /**
     * The process-wide count kept by the gate on the bootstrap class path ({@link
     * Gate#inFlight()}).
     */
    CallsInFlight BOOTSTRAP = Gate::inFlight;

    /** The calls of one group of gated work still running ({@link Gate#inFlightOfGroup}). */
    static CallsInFlight ofGroup(int group) {
        return () -> Gate.inFlightOfGroup(group);
    }
}
