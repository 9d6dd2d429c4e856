package io.leadergate.agent.election;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * An in-memory Lease with resourceVersion checks like the API server's, call counters, scripted
 * failures and a hook that runs inside every call (to advance the clock: a slow response). The
 * agent's tests' one in-memory Lease.
 */
public final class FakeLeaseClient implements LeaseClient {

    private LeaseRecord stored;
    private long resourceVersion;
    volatile int gets;
    volatile int creates;
    volatile int updates;

    /** Records this client was asked to write (create and update), in order. */
    final List<LeaseRecord> writes = new ArrayList<>();

    /** Thrown by the next calls, one each, before anything else happens. */
    final Deque<RuntimeOrApi> failures = new ArrayDeque<>();

    /** Thrown by every call while set. */
    volatile LeaseApiException failAlways;

    /** Runs at the start of every call, e.g. to advance the clock. */
    volatile Runnable duringCall = () -> {};

    /** Runs at the start of every update, with the record to be written. */
    volatile java.util.function.Consumer<LeaseRecord> onUpdate = r -> {};

    /** A scripted failure: an API error or an unexpected runtime exception. */
    static final class RuntimeOrApi {
        final LeaseApiException api;
        final RuntimeException runtime;

        private RuntimeOrApi(LeaseApiException api, RuntimeException runtime) {
            this.api = api;
            this.runtime = runtime;
        }

        static RuntimeOrApi api(int code) {
            return new RuntimeOrApi(
                    LeaseApiException.ofStatus(code, "HTTP " + code + " (fake)"), null);
        }

        static RuntimeOrApi runtime(RuntimeException e) {
            return new RuntimeOrApi(null, e);
        }
    }

    /**
     * While set, every UPDATE is answered 200 with the object unchanged and its resourceVersion as
     * it was: a no-op write, as an API server answers a PUT that changes nothing.
     */
    volatile boolean noOpUpdates;

    /** Someone deletes the Lease ({@code kubectl delete lease}). */
    synchronized void delete() {
        stored = null;
        resourceVersion++;
    }

    /** Another replica (or a human) writes the Lease. */
    synchronized void externalWrite(LeaseRecord record) {
        stored = record;
        resourceVersion++;
    }

    /** The stored Lease as a GET would return it (without counting a call); null when absent. */
    synchronized LeaseSnapshot current() {
        return stored == null ? null : snapshot();
    }

    public synchronized LeaseRecord stored() {
        return stored;
    }

    synchronized void resetCounts() {
        gets = 0;
        creates = 0;
        updates = 0;
    }

    @Override
    public synchronized Optional<LeaseSnapshot> get() throws LeaseApiException {
        gets++;
        enter();
        return stored == null ? Optional.empty() : Optional.of(snapshot());
    }

    @Override
    public synchronized LeaseSnapshot create(LeaseRecord record) throws LeaseApiException {
        creates++;
        enter();
        if (stored != null) {
            throw LeaseApiException.ofStatus(409, "already exists (fake)");
        }
        writes.add(record);
        stored = record;
        resourceVersion++;
        return snapshot();
    }

    @Override
    public synchronized LeaseSnapshot update(LeaseSnapshot base, LeaseRecord next)
            throws LeaseApiException {
        updates++;
        onUpdate.accept(next);
        enter();
        if (stored == null) {
            throw LeaseApiException.ofStatus(404, "not found (fake)");
        }
        if (!String.valueOf(resourceVersion).equals(base.resourceVersion())) {
            throw LeaseApiException.ofStatus(
                    409, "stale resourceVersion " + base.resourceVersion() + " (fake)");
        }
        if (noOpUpdates) {
            return snapshot();
        }
        writes.add(next);
        stored = next;
        resourceVersion++;
        return snapshot();
    }

    private void enter() throws LeaseApiException {
        duringCall.run();
        RuntimeOrApi failure = failures.poll();
        if (failure != null) {
            if (failure.runtime != null) {
                throw failure.runtime;
            }
            throw failure.api;
        }
        LeaseApiException always = failAlways;
        if (always != null) {
            throw always;
        }
    }

    private LeaseSnapshot snapshot() {
        return new LeaseSnapshot(stored, String.valueOf(resourceVersion), null);
    }
}
