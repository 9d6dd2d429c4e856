package io.leadergate.agent.election;

import io.leadergate.agent.log.AgentLog;
import java.time.Instant;
import java.util.List;

/**
 * The election itself, client-go's {@code LeaderElector} minus the thread: each {@link #step()} is
 * one turn (contend or renew) and says how long to pause. Driven by {@link LeaseElector}'s thread,
 * or by unit tests on a fake clock. See {@link LeaseElector} for the invariants.
 *
 * <p>With a live {@link WatchFeed} a contender does not poll: the watch's observations (stamped with
 * their local time of receipt) keep the observed record current, a turn sends nothing while another
 * holder's lease runs, and the pause lasts until that lease would expire (observed time + the
 * record's duration) unless an event ends it sooner. A free or expired Lease is taken with one
 * UPDATE on the watched object (its resourceVersion guards against anything the watch has not shown
 * yet); only a conflict leads to a GET. Without a live watch, turns poll as client-go does.
 *
 * <p>Confined to one thread except {@link #halt()}, {@link #state()} and {@link #lastSnapshot()}.
 */
final class LeaseStateMachine {

    private final ElectionSettings settings;
    private final MonotonicClock clock;
    private final LeadershipListeners listeners;
    private final WatchFeed feed;
    private final CallOutcomes outcomes;
    private final LeaseRelease release;
    private final String identity;

    /** Pause between turns, nanos; jittered while contending, exact while leading. */
    private final long retryNanos;

    /** After a step-down, contend again only from this monotonic time (nanos). */
    private long restUntilNanos;
    private Instant leaderSince;
    private volatile LeadershipState state;
    /** Leading or not, the gate, and the term's end; the lock that keeps grants from following a halt. */
    private final LeaderTerm term;
    /** The calls on the Lease, and the last object, record and holder they (or the watch) showed us. */
    private final LeaseCalls lease;

    LeaseStateMachine(ElectionSettings settings, LeaseClient client, MonotonicClock clock, GateControl gate,
                      LeadershipListeners listeners, WatchFeed feed, LeaseRelease release) {
        this.feed = feed;
        this.release = release;
        this.settings = settings;
        this.clock = clock;
        this.listeners = listeners;
        this.identity = settings.identity();
        this.outcomes = new CallOutcomes(settings);
        this.retryNanos = settings.retryPeriod().toNanos();
        this.term = new LeaderTerm(gate, settings);
        this.lease = new LeaseCalls(settings, client, clock, term, outcomes, listeners);
        this.state = LeadershipState.initial(settings, clock.now());
        this.restUntilNanos = clock.nanoTime();
    }

    LeadershipState state() {
        return state;
    }

    /** The last object read or written; null before the first successful call. */
    LeaseSnapshot lastSnapshot() {
        return lease.snapshot();
    }

    /** Whether the last turn left us leading; any thread. */
    boolean isLeading() {
        return term.isLeading();
    }

    boolean halted() {
        return term.halted();
    }

    /** Any thread: closes the gate and makes later turns inert. Returns whether we were leading. */
    boolean halt() {
        return term.halt();
    }

    /**
     * Any thread: closes the gate now; the next turn releases the Lease and rests one lease duration
     * (see {@link LeaseElector#stepDown()}). False, and nothing changes, when not leading.
     */
    boolean stepDown() {
        return term.stepDown();
    }

    /** After {@link #halt()}: the final, not-leading snapshot. */
    void publishStopped() {
        LeadershipState last = state;
        state = new LeadershipState(false, identity, last.holderIdentity(), last.leaseKey(),
                last.leaseTransitions(), null, last.lastRenew(), last.lastError(), clock.now());
    }

    /** An exception escaped a turn: logged once; the next turn follows after a retry period. */
    long unexpected(Throwable t) {
        return outcomes.unexpected(t);
    }

    /** One turn: contend or renew, publish the state; returns the pause before the next turn, nanos. */
    long step() {
        List<WatchInbox.Observation> watched = feed.drain(); // a leader trusts its own writes, not echoes
        if (term.takeStepDown()) {
            return handOver();
        }
        if (term.isLeading()) {
            renew();
        } else {
            watched.forEach(lease::observe);
            if (clock.nanoTime() - restUntilNanos < 0) {
                publish();
                return restUntilNanos - clock.nanoTime(); // stepped down: let another replica take it
            }
            contend();
        }
        publish();
        if (term.isLeading()) {
            long untilTermEnd = term.nanosLeft(clock.nanoTime());
            return Math.max(0, Math.min(retryNanos, untilTermEnd)); // wake at the deadline to report loss
        }
        if (watching() && outcomes.lastError() == null) {
            long untilFree = lease.observed().nanosUntilFree(identity, clock.nanoTime());
            if (untilFree > 0) {
                return untilFree; // the expiry timer; the watch wakes us earlier for any change
            }
        }
        return outcomes.contenderPauseNanos();
    }

    /**
     * The turn after {@link #stepDown()} (gate already closed): release the Lease if the last record
     * names us, report the loss, and pause one lease duration, so that contenders, which poll every
     * retry period, take the freed Lease before we contend again.
     */
    private long handOver() {
        LeaseSnapshot held = lease.snapshot();
        if (held != null && held.record().isHeldBy(identity)) {
            long budgetMillis = Math.min(settings.renewDeadline().toMillis(), 2000);
            release.release(held, budgetMillis);
        }
        leaderSince = null;
        restUntilNanos = clock.nanoTime() + settings.leaseDuration().toNanos();
        AgentLog.info("stepped down from lease " + settings.leaseKey() + "; contending again in "
                + settings.leaseDuration().getSeconds() + " s");
        publish();
        listeners.stoppedLeading(state);
        return settings.leaseDuration().toNanos();
    }

    /** The watch is live and has shown us the Lease: no GET needed to judge it. */
    private boolean watching() {
        return feed.isLive() && lease.snapshot() != null;
    }

    private void contend() {
        try {
            if (watching() ? acquireWatched() : lease.tryAcquireOrRenew()) {
                outcomes.succeeded();
                becomeLeader();
            } else {
                outcomes.succeeded();
            }
        } catch (LeaseApiException e) {
            lease.failed(e);
        }
    }

    /** Fast path: one UPDATE on the cached object; on any failure, the GET path; loss past the deadline. */
    private void renew() {
        try {
            lease.renew();
            outcomes.succeeded();
            term.extend();
        } catch (LeaseApiException e) {
            lease.failed(e);
            try {
                if (!lease.tryAcquireOrRenew()) {
                    loseLeadership("lease is held by " + lease.observed().record().holderIdentity());
                    return;
                }
                outcomes.succeeded();
                term.extend();
            } catch (LeaseApiException again) {
                lease.failed(again);
            }
        }
        if (term.endedAt(clock.nanoTime())) {
            loseLeadership("no successful renew within " + settings.renewDeadline().toMillis() + " ms");
        }
    }

    /**
     * A contender's turn with a live watch: nothing while another holder's lease runs; else one
     * UPDATE on the watched object. A conflict means someone wrote first (another contender, or a
     * change still on its way through the watch): then client-go's GET path decides.
     */
    private boolean acquireWatched() throws LeaseApiException {
        if (lease.observed().heldByAnotherAt(identity, clock.nanoTime())) {
            return false;
        }
        try {
            lease.claim();
            return true;
        } catch (LeaseApiException e) {
            if (e.kind() != LeaseApiException.Kind.CONFLICT) {
                throw e;
            }
            return lease.tryAcquireOrRenew();
        }
    }

    private void becomeLeader() {
        if (!term.begin()) {
            return; // stop() has revoked; the Lease we just wrote is released by stop()
        }
        leaderSince = clock.now();
        AgentLog.info("became leader of lease " + settings.leaseKey() + " as " + identity
                + " (transitions " + lease.observed().record().leaseTransitions() + ")");
        publish();
        listeners.startedLeading(state);
    }

    private void loseLeadership(String why) {
        if (!term.lose()) {
            return;
        }
        leaderSince = null;
        AgentLog.info("lost leadership of lease " + settings.leaseKey() + ": " + why);
        publish();
        listeners.stoppedLeading(state);
    }

    private void publish() {
        if (term.halted()) {
            return; // stop() publishes the final state
        }
        LeaseRecord r = lease.observed().record();
        boolean leading = term.isLeading();
        state = new LeadershipState(leading, identity, r == null ? "" : r.holderIdentity(), settings.leaseKey(),
                r == null ? 0 : r.leaseTransitions(), leading ? leaderSince : null, lease.lastRenew(),
                outcomes.lastError(), clock.now());
    }
}
