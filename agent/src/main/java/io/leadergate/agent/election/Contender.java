package io.leadergate.agent.election;

import java.util.List;

/**
 * A follower's turn: take the Lease when it is free or another holder's lease has expired.
 *
 * <p>Polling (no live watch): client-go's tryAcquireOrRenew every turn, a GET and, when the Lease
 * may be taken, an UPDATE; the pause is client-go's jittered retry period.
 *
 * <p>Watching (the watch is live and has shown us the Lease): the watch's observations, stamped with
 * their local time of receipt, keep the observed record current, so a turn sends nothing while
 * another holder's lease runs, and the pause lasts until that lease would expire (observed time +
 * the record's duration) unless an event ends it sooner. A free or expired Lease is taken with one
 * UPDATE on the watched object; only a conflict leads to client-go's GET path.
 *
 * <p>Elector thread only.
 */
final class Contender {

    private final LeaseCalls lease;
    private final WatchFeed feed;
    private final CallOutcomes outcomes;
    private final MonotonicClock clock;
    private final String identity;

    Contender(ElectionSettings settings, LeaseCalls lease, WatchFeed feed, CallOutcomes outcomes, MonotonicClock clock) {
        this.lease = lease;
        this.feed = feed;
        this.outcomes = outcomes;
        this.clock = clock;
        this.identity = settings.identity();
    }

    /** What the watch saw since the last turn, oldest first: observed like GETs' answers. */
    void observe(List<WatchInbox.Observation> watched) {
        watched.forEach(lease::observe);
    }

    /**
     * One attempt. True when the Lease now names us: the caller begins the term. A failed call is
     * recorded ({@link LeaseCalls#failed}) and counts as not acquired.
     */
    boolean contend() {
        try {
            boolean acquired = watching() ? acquireWatched() : lease.tryAcquireOrRenew();
            outcomes.succeeded();
            return acquired;
        } catch (LeaseApiException e) {
            lease.failed(e);
            return false;
        }
    }

    /**
     * The pause before the next turn, nanos. Watching, with the last call answered: until another
     * holder's lease would expire (the local expiry timer; the watch wakes us earlier for any
     * change). Otherwise client-go's jittered retry period, stretched after consecutive 401/403.
     */
    long pauseNanos() {
        if (watching() && outcomes.lastError() == null) {
            long untilFree = lease.observed().nanosUntilFree(identity, clock.nanoTime());
            if (untilFree > 0) {
                return untilFree; // the expiry timer; the watch wakes us earlier for any change
            }
        }
        return outcomes.contenderPauseNanos();
    }

    /** The watch is live and has shown us the Lease: no GET needed to judge it. */
    private boolean watching() {
        return feed.isLive() && lease.snapshot() != null;
    }

    /**
     * A contender's turn with a live watch: nothing while another holder's lease runs; else one
     * UPDATE on the watched object. A conflict means someone wrote first (another contender, or a
     * change still on its way through the watch), a 404 that the Lease was deleted: either way the
     * watched object is stale, and client-go's GET path decides (GET, then UPDATE or create).
     */
    private boolean acquireWatched() throws LeaseApiException {
        if (lease.observed().heldByAnotherAt(identity, clock.nanoTime())) {
            return false;
        }
        try {
            lease.claim();
            return true;
        } catch (LeaseApiException e) {
            if (e.kind() != LeaseApiException.Kind.CONFLICT && e.kind() != LeaseApiException.Kind.NOT_FOUND) {
                throw e;
            }
            return lease.tryAcquireOrRenew();
        }
    }
}
