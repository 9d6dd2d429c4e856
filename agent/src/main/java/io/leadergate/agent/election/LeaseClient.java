package io.leadergate.agent.election;

import java.util.Optional;

/**
 * The elector's only door to the API server, for one Lease ({@code namespace/name} fixed at
 * construction). {@link KubeLeaseClient} in production; unit tests fake it. Implementations must
 * bound every call in time (the elector's safety does not depend on it, its liveness does).
 */
public interface LeaseClient {

    /** GET. Empty when the Lease does not exist (404). */
    Optional<LeaseSnapshot> get() throws LeaseApiException;

    /**
     * POST a new Lease holding {@code record}. 409 ({@link LeaseApiException.Kind#CONFLICT}) if it
     * exists.
     */
    LeaseSnapshot create(LeaseRecord record) throws LeaseApiException;

    /**
     * PUT {@code base}'s object with its spec set to {@code next}, carrying {@code base}'s
     * resourceVersion: fails with {@link LeaseApiException.Kind#CONFLICT} if anyone wrote since.
     */
    LeaseSnapshot update(LeaseSnapshot base, LeaseRecord next) throws LeaseApiException;
}
