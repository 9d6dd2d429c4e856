package io.leadergate.agent.election;

import io.leadergate.agent.log.AgentLog;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Leader election on one Kubernetes Lease with client-go {@code tools/leaderelection} semantics, so
 * a Go controller and this JVM reading the same Lease agree on who leads.
 *
 * <p>One daemon thread ({@code leadergate-elector}) runs {@link #step()} forever: a contender GETs
 * the Lease and takes it when free or expired; the leader renews it with one UPDATE per retry period.
 * It never exits on its own: a lost leader goes back to contending.
 *
 * <p>Invariants:
 * <ul>
 *   <li>The gate is granted only until {@code t0 + renewDeadline}, where {@code t0} is the local
 *       monotonic time just before the successful write was sent. A late response cannot extend it.
 *   <li>Another holder's lease is judged expired only after its record stayed unchanged for the
 *       record's {@code leaseDurationSeconds} of <em>local</em> time since we first observed it. Remote
 *       timestamps are never compared with a local clock (clock skew is tolerated, skew rate is not).
 *   <li>Hence, with {@code renewDeadline < leaseDuration}, our gate closes before any other replica
 *       may legally acquire, without any action by this thread (GC pause, SIGSTOP, hung call).
 *   <li>The gate is closed before leadership is reported lost and before the Lease is released.
 * </ul>
 *
 * <p>Not guaranteed (as in client-go): fencing. A replica whose clock runs much slower than others,
 * or a human who deletes or edits the Lease, can make two replicas lead at once for up to
 * {@code renewDeadline}. Release on {@link #stop()} is best effort; if it fails the Lease expires.
 */
public final class LeaseElector {

    /** client-go's JitterFactor: contenders wait retryPeriod × [1.0, 1.2) so they do not collide. */
    private static final double JITTER = 0.2;
    /** Ceiling of the 401/403 backoff, in retry periods. */
    private static final int MAX_AUTH_BACKOFF = 8;

    private final ElectionSettings settings;
    private final LeaseClient client;
    private final MonotonicClock clock;
    private final GateControl gate;
    private final LeadershipListeners listeners = new LeadershipListeners();
    private final LeaseErrorLog errors;
    private final String identity;

    /** Pause between turns, nanos; jittered while contending, exact while leading. */
    private final long retryNanos;
    /** A term lasts this long (nanos) after the send time of its last successful write. */
    private final long renewDeadlineNanos;
    /** Our lease duration, whole seconds, written into our records: others wait this long for us. */
    private final int leaseDurationSeconds;

    // Elector-thread state (or of the test driving step()).
    /** Last record read or written; a different one (by equals) counts as "changed". */
    private LeaseRecord observedRecord;
    /** Local monotonic nanos when observedRecord was first seen; another holder's lease expires at
     *  this + the record's leaseDurationSeconds. */
    private long observedAtNanos;
    /** Holder last reported to listeners and the log; "" before any. */
    private String reportedLeader = "";
    /** Send time (monotonic nanos) of the last successful acquire/renew write; the term ends at
     *  this + renewDeadlineNanos. Meaningful only while leading. */
    private long lastWriteSentNanos;
    /** Consecutive 401/403 failures, for the backoff. */
    private int authFailures;
    /** The call in flight, for error messages: get, create, update. */
    private String action = "get";
    private Instant leaderSince;
    private Instant lastRenew;
    private LeaseApiException.Kind lastError;
    /** Last object read or written: the leader renews on it without a GET; stop() releases it. */
    private volatile LeaseSnapshot snapshot;

    // Shared with stop(); written under `this` so that no grant can follow stop()'s revoke.
    private volatile boolean leading;
    private volatile boolean stopping;

    private volatile LeadershipState state;
    private volatile Thread thread;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();

    /**
     * @param clock must share units with {@code gate} ({@link SystemClock} with {@link GateControl#BOOTSTRAP})
     */
    public LeaseElector(ElectionSettings settings, LeaseClient client, MonotonicClock clock, GateControl gate,
                        LeadershipListener... listeners) {
        this.settings = settings;
        this.client = client;
        this.clock = clock;
        this.gate = gate;
        this.identity = settings.identity();
        this.errors = new LeaseErrorLog(settings);
        this.retryNanos = settings.retryPeriod().toNanos();
        this.renewDeadlineNanos = settings.renewDeadline().toNanos();
        this.leaseDurationSeconds = (int) settings.leaseDuration().getSeconds();
        for (LeadershipListener listener : listeners) {
            this.listeners.add(listener);
        }
        this.state = LeadershipState.initial(settings, clock.now());
    }

    public void addListener(LeadershipListener listener) {
        listeners.add(listener);
    }

    /** The latest snapshot; never blocks. */
    public LeadershipState state() {
        return state;
    }

    /** Starts the elector thread. Later calls, and calls after {@link #stop()}, do nothing. */
    public void start() {
        if (stopped.get() || !started.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(this::run, "leadergate-elector");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /**
     * Stops electing: closes the gate, stops the thread and, if the last record names us, releases
     * the Lease. Idempotent; returns within about 2 × min(renewDeadline, 2 s).
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        boolean wasLeading;
        synchronized (this) {
            stopping = true;
            wasLeading = leading;
            leading = false;
            gate.revoke(); // first: nothing gated may run once a successor can acquire
        }
        long budgetMillis = Math.min(settings.renewDeadline().toMillis(), 2000);
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            try {
                t.join(budgetMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LeaseSnapshot held = snapshot;
        if (held != null && held.record().isHeldBy(identity)) {
            new LeaseRelease(settings, client, clock).release(held, budgetMillis);
        }
        LeadershipState last = state;
        state = new LeadershipState(false, identity, last.holderIdentity(), last.leaseKey(),
                last.leaseTransitions(), null, last.lastRenew(), last.lastError(), clock.now());
        if (wasLeading) {
            listeners.stoppedLeading(state);
        }
    }

    private void run() {
        AgentLog.info("electing leader of lease " + settings.leaseKey() + " as " + identity);
        while (!stopping) {
            long pauseNanos;
            try {
                pauseNanos = step();
            } catch (Throwable t) {
                if (stopping) {
                    break;
                }
                errors.unexpected(t);
                pauseNanos = retryNanos;
            }
            try {
                clock.sleepNanos(pauseNanos);
            } catch (InterruptedException e) {
                // Only stop() means it; any other interrupt is ignored and the election goes on.
            }
        }
    }

    /** One turn: contend or renew, publish the state; returns the pause before the next turn, nanos. */
    long step() {
        if (leading) {
            renew();
        } else {
            contend();
        }
        publish();
        if (leading) {
            long untilTermEnd = lastWriteSentNanos + renewDeadlineNanos - clock.nanoTime();
            return Math.max(0, Math.min(retryNanos, untilTermEnd)); // wake at the deadline to report loss
        }
        long backoff = authFailures == 0 ? 1 : Math.min(MAX_AUTH_BACKOFF, 1L << Math.min(authFailures - 1, 3));
        return (long) (retryNanos * backoff * (1.0 + JITTER * ThreadLocalRandom.current().nextDouble()));
    }

    private void contend() {
        try {
            if (tryAcquireOrRenew()) {
                succeeded();
                becomeLeader();
            } else {
                succeeded();
            }
        } catch (LeaseApiException e) {
            failed(e);
        }
    }

    /** Fast path: one UPDATE on the cached object; on any failure, the GET path; loss past the deadline. */
    private void renew() {
        try {
            action = "update";
            LeaseSnapshot base = snapshot;
            long t0 = clock.nanoTime();
            written(client.update(base, base.record().renewed(leaseDurationSeconds, clock.now())), t0);
            succeeded();
            extendTerm();
        } catch (LeaseApiException e) {
            failed(e);
            try {
                if (!tryAcquireOrRenew()) {
                    loseLeadership("lease is held by " + observedRecord.holderIdentity());
                    return;
                }
                succeeded();
                extendTerm();
            } catch (LeaseApiException again) {
                failed(again);
            }
        }
        if (clock.nanoTime() - (lastWriteSentNanos + renewDeadlineNanos) >= 0) {
            loseLeadership("no successful renew within " + settings.renewDeadline().toMillis() + " ms");
        }
    }

    /**
     * client-go's tryAcquireOrRenew: GET (create when missing); note a changed record with the local
     * time; back off if another holder's record was observed less than its duration ago; else
     * UPDATE with the read resourceVersion. True when the Lease now names us.
     */
    private boolean tryAcquireOrRenew() throws LeaseApiException {
        action = "get";
        Optional<LeaseSnapshot> current = client.get();
        Instant now = clock.now();
        if (current.isEmpty()) {
            action = "create";
            long t0 = clock.nanoTime();
            written(client.create(LeaseRecord.newTerm(identity, leaseDurationSeconds, now, 0, null)), t0);
            return true;
        }
        LeaseSnapshot seen = current.get();
        snapshot = seen;
        observe(seen.record());
        LeaseRecord record = seen.record();
        if (!record.isFree() && !record.isHeldBy(identity) && observedLeaseValid()) {
            return false;
        }
        LeaseRecord next = record.isHeldBy(identity)
                ? record.renewed(leaseDurationSeconds, now)
                : LeaseRecord.newTerm(identity, leaseDurationSeconds, now, record.leaseTransitions() + 1, record);
        action = "update";
        long t0 = clock.nanoTime();
        written(client.update(seen, next), t0);
        return true;
    }

    private boolean observedLeaseValid() {
        long durationNanos = TimeUnit.SECONDS.toNanos(Math.max(0, observedRecord.leaseDurationSeconds()));
        return clock.nanoTime() - (observedAtNanos + durationNanos) < 0;
    }

    private void observe(LeaseRecord record) {
        if (!record.equals(observedRecord)) {
            observedRecord = record;
            observedAtNanos = clock.nanoTime();
        }
        reportLeader(record.holderIdentity());
    }

    /** Our write succeeded: it is the new observed record, sent at {@code sentNanos}. */
    private void written(LeaseSnapshot result, long sentNanos) {
        snapshot = result;
        observedRecord = result.record();
        observedAtNanos = clock.nanoTime();
        lastWriteSentNanos = sentNanos;
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
            AgentLog.info("new leader is " + holder + " (lease " + settings.leaseKey() + ")");
        }
        listeners.newLeader(holder);
    }

    private void becomeLeader() {
        synchronized (this) {
            if (stopping) {
                return; // stop() has revoked; the Lease we just wrote is released by stop()
            }
            leading = true;
            gate.grantUntil(lastWriteSentNanos + renewDeadlineNanos);
        }
        leaderSince = clock.now();
        AgentLog.info("became leader of lease " + settings.leaseKey() + " as " + identity
                + " (transitions " + observedRecord.leaseTransitions() + ")");
        publish();
        listeners.startedLeading(state);
    }

    private void extendTerm() {
        synchronized (this) {
            if (leading && !stopping) {
                gate.grantUntil(lastWriteSentNanos + renewDeadlineNanos);
            }
        }
    }

    private void loseLeadership(String why) {
        synchronized (this) {
            if (!leading) {
                return;
            }
            leading = false;
            gate.revoke();
        }
        leaderSince = null;
        AgentLog.info("lost leadership of lease " + settings.leaseKey() + ": " + why);
        publish();
        listeners.stoppedLeading(state);
    }

    private void succeeded() {
        errors.recovered();
        lastError = null;
        authFailures = 0;
    }

    private void failed(LeaseApiException e) {
        if (stopping) {
            return; // stop() interrupted the call; not an operator's concern
        }
        errors.failed(action, e);
        lastError = e.kind();
        boolean auth = e.kind() == LeaseApiException.Kind.FORBIDDEN || e.kind() == LeaseApiException.Kind.UNAUTHORIZED;
        authFailures = auth ? authFailures + 1 : 0;
    }

    private void publish() {
        if (stopping) {
            return; // stop() publishes the final state
        }
        LeaseRecord r = observedRecord;
        state = new LeadershipState(leading, identity, r == null ? "" : r.holderIdentity(), settings.leaseKey(),
                r == null ? 0 : r.leaseTransitions(), leading ? leaderSince : null, lastRenew, lastError, clock.now());
    }
}
