package io.leadergate.agent.election;

import io.leadergate.agent.log.AgentLog;

/**
 * A leader's turn: keep the Lease with one UPDATE on the cached object (no GET); after any failure,
 * client-go's tryAcquireOrRenew (GET, then UPDATE if the Lease is still ours). Leadership ends when
 * the Lease names another holder, or when no write has succeeded within the renew deadline — the
 * turn wakes at that deadline to report it, though the gate has closed by then on its own.
 *
 * <p>Elector thread only.
 */
final class Renewer {

    private final LeaseCalls lease;
    private final LeaderTerm term;
    private final CallOutcomes outcomes;
    private final MonotonicClock clock;
    private final ElectionSettings settings;
    /** A leader's pause between renewals, nanos: the retry period, not jittered. */
    private final long retryNanos;

    Renewer(ElectionSettings settings, LeaseCalls lease, LeaderTerm term, CallOutcomes outcomes, MonotonicClock clock) {
        this.lease = lease;
        this.term = term;
        this.outcomes = outcomes;
        this.clock = clock;
        this.settings = settings;
        this.retryNanos = settings.retryPeriod().toNanos();
    }

    /**
     * Fast path: one UPDATE on the cached object; on any failure, the GET path; loss past the deadline.
     * Each success extends the term (and so the gate) from the write's send time.
     *
     * @return why leadership is lost, for the log; null while the term goes on
     */
    String renew() {
        try {
            lease.renew();
            outcomes.succeeded();
            term.extend();
        } catch (LeaseApiException e) {
            lease.failed(e);
            try {
                if (!lease.tryAcquireOrRenew()) {
                    return "lease is held by " + AgentLog.escape(lease.observed().record().holderIdentity());
                }
                outcomes.succeeded();
                term.extend();
            } catch (LeaseApiException again) {
                lease.failed(again);
            }
        }
        if (term.endedAt(clock.nanoTime())) {
            return "no successful renew within " + settings.renewDeadline().toMillis() + " ms";
        }
        return null;
    }

    /** The pause before the next turn, nanos: a retry period, cut short by the term's end. */
    long pauseNanos() {
        long untilTermEnd = term.nanosLeft(clock.nanoTime());
        return Math.max(0, Math.min(retryNanos, untilTermEnd)); // wake at the deadline to report loss
    }
}
