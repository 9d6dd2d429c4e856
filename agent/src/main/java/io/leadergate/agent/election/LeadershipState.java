package io.leadergate.agent.election;

import java.time.Instant;

/**
 * What one elector knows, as of {@link #observedAt()}: an immutable snapshot that the elector
 * publishes through a volatile after every turn. Readers (health, metrics, JMX) never block it.
 *
 * <p>{@link #isLeader()} is the elector's view; whether gated work runs right now is the gate's
 * deadline, which can lapse before the next snapshot says so.
 */
public final class LeadershipState {

    private final boolean leader;
    private final String identity;
    private final String holderIdentity;
    private final String leaseKey;
    private final int leaseTransitions;
    private final Instant leaderSince;
    private final Instant lastRenew;
    private final LeaseApiException.Kind lastError;
    private final Instant observedAt;

    public LeadershipState(
            boolean leader,
            String identity,
            String holderIdentity,
            String leaseKey,
            int leaseTransitions,
            Instant leaderSince,
            Instant lastRenew,
            LeaseApiException.Kind lastError,
            Instant observedAt) {
        this.leader = leader;
        this.identity = identity;
        this.holderIdentity = holderIdentity == null ? "" : holderIdentity;
        this.leaseKey = leaseKey;
        this.leaseTransitions = leaseTransitions;
        this.leaderSince = leaderSince;
        this.lastRenew = lastRenew;
        this.lastError = lastError;
        this.observedAt = observedAt;
    }

    /** The state before the first turn: not leader, nothing observed. */
    static LeadershipState initial(ElectionSettings settings, Instant now) {
        return new LeadershipState(
                false, settings.identity(), "", settings.leaseKey(), 0, null, null, null, now);
    }

    public boolean isLeader() {
        return leader;
    }

    /** This replica's identity. */
    public String identity() {
        return identity;
    }

    /** The holder in the last record observed or written; {@code ""} when free or unknown. */
    public String holderIdentity() {
        return holderIdentity;
    }

    /** {@code namespace/name}. */
    public String leaseKey() {
        return leaseKey;
    }

    /** {@code leaseTransitions} of the last record observed or written. */
    public int leaseTransitions() {
        return leaseTransitions;
    }

    /** Wall time this replica became leader; null when not leader. */
    public Instant leaderSince() {
        return leaderSince;
    }

    /** Wall time of this replica's last successful acquire or renew; null if none yet. */
    public Instant lastRenew() {
        return lastRenew;
    }

    /** Kind of the last failed API call, null once a call succeeds again. */
    public LeaseApiException.Kind lastError() {
        return lastError;
    }

    /** Wall time this snapshot was taken. */
    public Instant observedAt() {
        return observedAt;
    }

    @Override
    public String toString() {
        return "LeadershipState{"
                + (leader ? "leader" : "follower")
                + " "
                + identity
                + " of "
                + leaseKey
                + ", holder="
                + (holderIdentity.isEmpty() ? "<none>" : holderIdentity)
                + ", transitions="
                + leaseTransitions
                + ", leaderSince="
                + leaderSince
                + ", lastRenew="
                + lastRenew
                + ", lastError="
                + lastError
                + ", at="
                + observedAt
                + '}';
    }
}
