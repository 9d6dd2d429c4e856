package io.leadergate.agent.expose;

import io.leadergate.agent.election.LeaseApiException;

/**
 * Every call the elector makes to the Lease API, as {@link ObservedLeaseClient} classifies it.
 * Called on the calling thread (the elector's, or the release thread at shutdown): must be fast and
 * thread-safe.
 */
interface LeaseCallListener {

    /** What a call did, judged from its arguments, not from the elector's internals. */
    enum Call {
        GET,
        CREATE,
        /** UPDATE that makes this replica the holder of a Lease it did not hold. */
        ACQUIRE,
        /** UPDATE by the holder that keeps it the holder. */
        RENEW,
        /** UPDATE that frees the Lease (holder {@code ""}). */
        RELEASE
    }

    /**
     * @param nanos round-trip time, monotonic nanos
     * @param error null when the call succeeded (a GET of a missing Lease succeeds)
     */
    void onCall(Call call, long nanos, LeaseApiException.Kind error);

    /**
     * A renew sent on an object just read with GET rather than on our own last write: client-go's
     * "slow path" ({@code leader_election_slowpath_total}), taken after the fast renew failed.
     */
    void onSlowPath();
}
