package io.leadergate.agent.election;

import io.leadergate.agent.log.AgentLog;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

/**
 * The election itself, client-go's {@code LeaderElector} minus the thread: each {@link #step()} is
 * one turn and says how long to pause. Driven by {@link LeaseElector}'s thread, or by unit tests on
 * a fake clock. {@link LeaseElector} states the guarantees; this class dispatches each turn to the
 * part that keeps them:
 * <ul>
 *   <li>{@link LeaderTerm}: leading or not, and the gate. It alone grants and revokes, under its own
 *       lock, until the send time of the last successful write + renewDeadline, never after a halt.
 *   <li>{@link LeaseCalls}: the API calls (client-go's tryAcquireOrRenew, the one-UPDATE renewal,
 *       the watched claim) and what they and the watch showed us: the observed record, which judges
 *       another holder's expiry by our own clock, and the last object, which renewals and releases use.
 *   <li>{@link Contender}: a follower's turn, polling or watching, and its pause.
 *   <li>{@link Renewer}: a leader's turn, its pause, and the reasons a term ends.
 * </ul>
 * What stays here: the choice of turn, the hand-over turn after a {@link #stepDown()} and the rest
 * that follows it, each transition's log line and callbacks, and the published {@link #state()}.
 *
 * <p>Invariants of the dispatch:
 * <ul>
 *   <li>The gate moves first, the world hears after: a term begins with the grant, then the log line,
 *       the published state and {@code onStartedLeading} (the write itself already fired
 *       {@code onNewLeader}); a term ends with the revoke, then the log line, the published state and
 *       {@code onStoppedLeading}. A step-down revokes in {@link #stepDown()}, releases on the next
 *       turn, then reports in the same order.
 *   <li>Every turn drains the watch, but only a contender applies what it saw: a leader trusts its
 *       own writes, not their echoes. One exception, judged on the watch thread: a delete, or a record
 *       naming another holder, that follows the echo of our last write ends the term at once
 *       ({@link LeaderTerm#watched}); the next turn reports it.
 *   <li>Once halted, turns neither publish nor log failures: {@link LeaseElector#stop()} publishes the
 *       final state ({@link #publishStopped()}) and reports the loss.
 * </ul>
 *
 * <p>Confined to one thread except {@link #halt()}, {@link #stepDown()}, {@link #isLeading()},
 * {@link #halted()}, {@link #state()} and {@link #lastSnapshot()}.
 */
final class LeaseStateMachine {

    private final ElectionSettings settings;
    private final MonotonicClock clock;
    private final LeadershipListeners listeners;
    private final WatchFeed feed;
    private final CallOutcomes outcomes;
    private final LeaseRelease release;
    private final String identity;

    /** Leading or not, the gate, and the term's end; its lock keeps grants from following a halt. */
    private final LeaderTerm term;
    /** The calls on the Lease, and the last object, record and holder they (or the watch) showed us. */
    private final LeaseCalls lease;
    private final Contender contender;
    private final Renewer renewer;

    /**
     * After a step-down, contend again only from this monotonic time (nanos): one lease duration
     * after the hand-over, so contenders that poll every retry period take the freed Lease first.
     */
    private long restUntilNanos;
    /** Wall time the current term began, for the published state; null while not leading. */
    private Instant leaderSince;
    /** Starts a graceful hand-over (drain, then release, as {@link LeaseElector#stepDown()}); false if none began. */
    private java.util.function.BooleanSupplier handOverToPreferred = () -> false;
    /** Published after every turn; readers never block the elector. */
    private volatile LeadershipState state;

    LeaseStateMachine(ElectionSettings settings, LeaseClient client, MonotonicClock clock, GateControl gate,
                      LeadershipListeners listeners, WatchFeed feed, LeaseRelease release) {
        this.feed = feed;
        this.release = release;
        this.settings = settings;
        this.clock = clock;
        this.listeners = listeners;
        this.identity = settings.identity();
        this.outcomes = new CallOutcomes(settings);
        this.term = new LeaderTerm(gate, settings);
        this.lease = new LeaseCalls(settings, client, clock, term, outcomes, listeners);
        this.contender = new Contender(settings, lease, feed, outcomes, clock);
        this.renewer = new Renewer(settings, lease, term, outcomes, clock);
        this.state = LeadershipState.initial(settings, clock.now());
        feed.observeWith(seen -> term.watched(seen, identity) != null); // a leader's own watch can end its term
        this.restUntilNanos = clock.nanoTime();
    }

    LeadershipState state() {
        return state;
    }

    /** Set once at construction by {@link LeaseElector}: how a preferred holder's request is honoured. */
    void handOverWith(java.util.function.BooleanSupplier gracefulHandOver) {
        this.handOverToPreferred = gracefulHandOver;
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

    /**
     * One turn — hand over after a step-down, renew while leading, rest after a hand-over, else
     * contend — then publish the state; returns the pause before the next turn, nanos.
     */
    long step() {
        List<WatchInbox.Observation> watched = feed.drain(); // a leader trusts its own writes, not echoes
        String revoked = term.takeRevocation();
        if (revoked != null) {
            contender.observe(watched); // what ended the term is the Lease as it now is
            watched = Collections.emptyList();
            reportLoss(revoked);
        }
        if (term.takeStepDown()) {
            return handOver();
        }
        if (term.isLeading()) {
            String lost = renewer.renew();
            if (lost != null) {
                loseLeadership(lost);
            } else if (honourPreferredHolder()) {
                publish();
                return 0; // the hand-over turn (or the drain's renewals) follows at once
            }
        } else {
            contender.observe(watched);
            if (clock.nanoTime() - restUntilNanos < 0) {
                publish();
                return restUntilNanos - clock.nanoTime(); // stepped down: let another replica take it
            }
            if (contender.contend()) {
                becomeLeader();
            }
        }
        publish();
        return term.isLeading() ? renewer.pauseNanos() : contender.pauseNanos();
    }

    /**
     * The turn after {@link #stepDown()} (gate already closed): release the Lease if the last record
     * names us, report the loss, and pause one lease duration, so that contenders, which poll every
     * retry period, take the freed Lease before we contend again.
     */
    private long handOver() {
        LeaseSnapshot held = lease.snapshot();
        if (held != null && held.record().isHeldBy(identity)) {
            release.release(held, settings.releaseBudget().toMillis());
        }
        leaderSince = null;
        restUntilNanos = clock.nanoTime() + settings.leaseDuration().toNanos();
        AgentLog.info("stepped down from lease " + settings.leaseKey() + "; contending again in "
                + settings.leaseDuration().getSeconds() + " s");
        publish();
        listeners.stoppedLeading(state);
        return settings.leaseDuration().toNanos();
    }

    /**
     * {@code spec.preferredHolder} (coordinated leader election; {@code kubectl patch}) names another
     * identity in the record we hold: hand over as on a step-down, drain included. True when a
     * hand-over began on this turn.
     */
    private boolean honourPreferredHolder() {
        LeaseRecord held = lease.observed().record();
        String preferred = held == null ? null : held.preferredOtherThan(identity);
        if (preferred == null || !handOverToPreferred.getAsBoolean()) {
            return false;
        }
        AgentLog.info("lease " + settings.leaseKey() + " names preferred holder " + AgentLog.escape(preferred)
                + ": handing over to it as on a step-down");
        return true;
    }

    /** Our write named us: grant, then report. Nothing once halted (stop() releases what we wrote). */
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

    /** The term ended ({@code why}, for the log): revoke, then report. Nothing when not leading. */
    private void loseLeadership(String why) {
        if (term.lose()) {
            reportLoss(why);
        }
    }

    /** The gate is closed already; now the log line, the published state and the listeners. */
    private void reportLoss(String why) {
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
