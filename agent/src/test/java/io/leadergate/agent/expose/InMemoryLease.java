package io.leadergate.agent.expose;

import io.leadergate.agent.election.LeaseApiException;
import io.leadergate.agent.election.LeaseClient;
import io.leadergate.agent.election.LeaseRecord;
import io.leadergate.agent.election.LeaseSnapshot;
import java.util.Optional;

/** One Lease in memory with resourceVersion checks, and a switch that fails every call. */
final class InMemoryLease implements LeaseClient {

    private LeaseRecord stored;
    private long version;
    volatile LeaseApiException failAll;

    synchronized LeaseRecord stored() {
        return stored;
    }

    synchronized void externalWrite(LeaseRecord record) {
        stored = record;
        version++;
    }

    @Override
    public synchronized Optional<LeaseSnapshot> get() throws LeaseApiException {
        fail();
        return stored == null ? Optional.empty() : Optional.of(snapshot());
    }

    @Override
    public synchronized LeaseSnapshot create(LeaseRecord record) throws LeaseApiException {
        fail();
        if (stored != null) {
            throw LeaseApiException.ofStatus(409, "exists");
        }
        stored = record;
        version++;
        return snapshot();
    }

    @Override
    public synchronized LeaseSnapshot update(LeaseSnapshot base, LeaseRecord next)
            throws LeaseApiException {
        fail();
        if (stored == null) {
            throw LeaseApiException.ofStatus(404, "gone");
        }
        if (!String.valueOf(version).equals(base.resourceVersion())) {
            throw LeaseApiException.ofStatus(409, "stale");
        }
        stored = next;
        version++;
        return snapshot();
    }

    private void fail() throws LeaseApiException {
        LeaseApiException failure = failAll;
        if (failure != null) {
            throw failure;
        }
    }

    private LeaseSnapshot snapshot() {
        return new LeaseSnapshot(stored, String.valueOf(version), null);
    }
}
