package io.leadergate.agent.election;

import io.leadergate.agent.log.AgentLog;
import java.time.Instant;
import java.util.Optional;

/**
 * The calls a turn makes on the Lease — client-go's tryAcquireOrRenew, the leader's one-UPDATE
 * renewal, a watched contender's claim — and what this replica knows of the Lease from them and
 * from the watch: the last object, the observed record with its local time of observation, the
 * holder last reported, the wall time of our last write.
 *
 * <p>Every successful write hands the {@link LeaderTerm} its send time, read from the monotonic clock
 * just before the request went out: the term's grants count from it, never from the response.
 *
 * <p>Elector thread only, except {@link #snapshot()}.
 */
final class LeaseCalls {

    private final ElectionSettings settings;
    private final LeaseClient client;
    private final MonotonicClock clock;
    private final LeaderTerm term;
    private final CallOutcomes outcomes;
    private final LeadershipListeners listeners;
    private final String identity;
    /** Our lease duration, whole seconds, written into our records: others wait this long for us. */
    private final int leaseDurationSeconds;

    /** Last record read or written and its local time of observation: judges others' expiry. */
    private final LeaseObservation observed;
    /** Last object read or written: the leader renews on it without a GET; stop() releases it. */
    private volatile LeaseSnapshot snapshot;
    /** Holder last reported to listeners and the log; "" before any. */
    private String reportedLeader = "";
    /** Wall time of our last successful write (acquire or renew); null before the first. */
    private Instant lastRenew;
    /**
     * The highest {@code leaseTransitions} seen on this Lease (any object of its name) in this JVM;
     * -1 before any. A new term we begin counts from above it, so the fencing token never goes
     * back, not even when the Lease is deleted and created again (a new object starts at 0).
     */
    private int highestTransitions = -1;
    /** The call in flight, for error messages: get, create, update. */
    private String action = "get";

    LeaseCalls(ElectionSettings settings, LeaseClient client, MonotonicClock clock, LeaderTerm term,
               CallOutcomes outcomes, LeadershipListeners listeners) {
        this.settings = settings;
        this.client = client;
        this.clock = clock;
        this.term = term;
        this.outcomes = outcomes;
        this.listeners = listeners;
        this.identity = settings.identity();
        this.leaseDurationSeconds = (int) settings.leaseDuration().getSeconds();
        this.observed = new LeaseObservation(settings.retryPeriod().toNanos());
    }

    /** The last object read or written; null before the first successful call, or after a watched delete. Any thread. */
    LeaseSnapshot snapshot() {
        return snapshot;
    }

    /** The last record read or written, and when: the expiry rule. */
    LeaseObservation observed() {
        return observed;
    }

    /** Wall time of our last successful write; null before the first. */
    Instant lastRenew() {
        return lastRenew;
    }

    /** A state the watch saw at {@code receivedAtNanos}: observed like a GET's answer. */
    void observe(WatchInbox.Observation seen) {
        snapshot = seen.snapshot; // null: deleted; the next attempt GETs and creates
        if (seen.snapshot != null) {
            observed.read(seen.snapshot.record(), seen.receivedAtNanos);
            highestTransitions = Math.max(highestTransitions, seen.snapshot.record().leaseTransitions());
            reportLeader(seen.snapshot.record().holderIdentity());
        }
    }

    /**
     * client-go's tryAcquireOrRenew: GET (create when missing); note a changed record with the local
     * time; back off if another holder's record was observed less than its duration ago; else
     * UPDATE with the read resourceVersion. True when the Lease now names us.
     */
    boolean tryAcquireOrRenew() throws LeaseApiException {
        action = "get";
        Optional<LeaseSnapshot> current = client.get();
        Instant now = clock.now();
        if (current.isEmpty()) {
            action = "create";
            refuseOnceHalted();
            long t0 = clock.nanoTime();
            written(null, client.create(LeaseRecord.newTerm(identity, leaseDurationSeconds, now, highestTransitions + 1,
                    null)), t0);
            return true;
        }
        LeaseSnapshot seen = current.get();
        snapshot = seen;
        LeaseRecord record = seen.record();
        observed.read(record, clock.nanoTime());
        highestTransitions = Math.max(highestTransitions, record.leaseTransitions());
        reportLeader(record.holderIdentity());
        if (observed.heldByAnotherAt(identity, clock.nanoTime())) {
            return false;
        }
        action = "update";
        refuseOnceHalted();
        long t0 = clock.nanoTime();
        written(seen, client.update(seen, record.claimedBy(identity, leaseDurationSeconds, now, highestTransitions)), t0);
        return true;
    }

    /** The leader's renewal: one UPDATE on the cached object, no GET. */
    void renew() throws LeaseApiException {
        action = "update";
        refuseOnceHalted();
        LeaseSnapshot base = snapshot;
        long t0 = clock.nanoTime();
        written(base, client.update(base, base.record().renewed(leaseDurationSeconds, clock.now())), t0);
    }

    /**
     * A watched contender's claim: one UPDATE on the watched object, whose resourceVersion guards
     * against anything the watch has not shown yet. The caller has judged the Lease free or expired.
     */
    void claim() throws LeaseApiException {
        LeaseSnapshot seen = snapshot;
        action = "update";
        refuseOnceHalted();
        long t0 = clock.nanoTime();
        written(seen, client.update(seen, seen.record().claimedBy(identity, leaseDurationSeconds, clock.now(),
                highestTransitions)), t0);
    }

    /**
     * Once {@link LeaderTerm#halt()} ran, no acquire or renew is sent: the release, which the
     * elector thread sends after this turn, must be the last write (a renew answered 409 after a
     * release would otherwise claim the Lease again for a JVM that is going away).
     */
    private void refuseOnceHalted() throws LeaseApiException {
        if (term.halted()) {
            throw new LeaseApiException(0, LeaseApiException.Kind.OTHER, "stopping: no write after the release", null);
        }
    }

    /** A call failed: logged once per condition and kept for the published state, unless halted. */
    void failed(LeaseApiException e) {
        if (term.halted()) {
            return; // stop() interrupted the call; not an operator's concern
        }
        outcomes.failed(action, e);
    }

    /**
     * Our write on {@code base} (null: a create) succeeded: it is the new observed record, sent at
     * {@code sentNanos}. An UPDATE answered with {@code base}'s resourceVersion unchanged wrote
     * nothing that another replica could see (a no-op write), so it counts as a failed call and
     * extends nothing: others judge our lease by changes they observe.
     */
    private void written(LeaseSnapshot base, LeaseSnapshot result, long sentNanos) throws LeaseApiException {
        if (base != null && base.resourceVersion() != null && base.resourceVersion().equals(result.resourceVersion())) {
            throw new LeaseApiException(200, LeaseApiException.Kind.OTHER, "the API server answered 200 with "
                    + "resourceVersion " + result.resourceVersion() + " unchanged: nothing was written, "
                    + "so other replicas saw no renewal", null);
        }
        snapshot = result;
        observed.wrote(result.record(), clock.nanoTime());
        highestTransitions = Math.max(highestTransitions, result.record().leaseTransitions());
        term.recordWrite(sentNanos, result.resourceVersion());
        lastRenew = clock.now();
        reportLeader(result.record().holderIdentity());
    }

    private void reportLeader(String holder) {
        if (holder.equals(reportedLeader)) {
            return;
        }
        reportedLeader = holder;
        if (holder.isEmpty()) {
            return; // released: "no leader" is not a new leader
        }
        if (!holder.equals(identity)) {
            AgentLog.info("new leader is " + AgentLog.escape(holder) + " (lease " + settings.leaseKey() + ")");
        }
        listeners.newLeader(holder);
    }
}
