package io.leadergate.agent.election;

import io.leadergate.agent.log.AgentLog;
import java.time.Instant;
import java.util.Objects;

/**
 * Immutable, null-tolerant view of a Lease spec: client-go's {@code LeaderElectionRecord}.
 *
 * <p>Missing fields read as defaults: holder {@code ""}, durations and transitions 0, times null. A
 * null holder and {@code ""} are the same value here (client-go writes {@code ""} on release, other
 * tools leave the field out), so both mean "free" and compare equal. Times are truncated to
 * microseconds, the precision of {@code MicroTime}, so a record we wrote equals the one read back.
 * {@link #equals} is what the elector uses to decide that the observed record changed.
 */
public final class LeaseRecord {

    private final String holderIdentity;
    private final int leaseDurationSeconds;
    private final Instant acquireTime;
    private final Instant renewTime;
    private final int leaseTransitions;
    private final String preferredHolder;
    private final String strategy;

    public LeaseRecord(
            String holderIdentity,
            int leaseDurationSeconds,
            Instant acquireTime,
            Instant renewTime,
            int leaseTransitions,
            String preferredHolder,
            String strategy) {
        this.holderIdentity = holderIdentity == null ? "" : holderIdentity;
        this.leaseDurationSeconds = leaseDurationSeconds;
        this.acquireTime = micros(acquireTime);
        this.renewTime = micros(renewTime);
        this.leaseTransitions = leaseTransitions;
        this.preferredHolder = preferredHolder;
        this.strategy = strategy;
    }

    /**
     * The record a holder writes to start a new term ({@code acquireTime = renewTime = now}). Keeps
     * {@code previous}'s {@code strategy}, a property of the Lease, but not its {@code
     * preferredHolder}: that hint asked the previous term to end, and is spent once a new one
     * begins.
     */
    static LeaseRecord newTerm(
            String holder,
            int durationSeconds,
            Instant now,
            int transitions,
            LeaseRecord previous) {
        return new LeaseRecord(
                holder,
                durationSeconds,
                now,
                now,
                transitions,
                null,
                previous == null ? null : previous.strategy);
    }

    /**
     * Same holder, acquire time (now if absent) and transitions; fresh renew time and our duration.
     */
    LeaseRecord renewed(int durationSeconds, Instant now) {
        return new LeaseRecord(
                holderIdentity,
                durationSeconds,
                acquireTime == null ? now : acquireTime,
                now,
                leaseTransitions,
                preferredHolder,
                strategy);
    }

    /**
     * What {@code identity} writes to hold this Lease: a renewal when the record already names it,
     * else a new term: {@code leaseTransitions} one above both this record's and {@code
     * highestSeen} (so the fencing token never goes back, not even on a re-created Lease), acquire
     * time now.
     */
    LeaseRecord claimedBy(String identity, int durationSeconds, Instant now, int highestSeen) {
        return isHeldBy(identity)
                ? renewed(durationSeconds, now)
                : newTerm(
                        identity,
                        durationSeconds,
                        now,
                        Math.max(leaseTransitions, highestSeen) + 1,
                        this);
    }

    /** client-go's ReleaseOnCancel record: no holder, 1 s duration, times now, transitions kept. */
    LeaseRecord released(Instant now) {
        return new LeaseRecord("", 1, now, now, leaseTransitions, preferredHolder, strategy);
    }

    /**
     * The {@code strategy} written with a {@code preferredHolder} on a Lease that has none: the API
     * server accepts {@code preferredHolder} only beside a strategy, and this is the one Kubernetes
     * defines (an elector that does not coordinate ignores it).
     */
    static final String STRATEGY_FOR_PREFERENCE = "OldestEmulationVersion";

    /**
     * This record with {@code preferredHolder} set to {@code identity}: a request that the holder
     * hand the Lease over to it (the spread of several Leases, {@link Spread}). Keeps the Lease's
     * strategy, or sets {@link #STRATEGY_FOR_PREFERENCE}.
     */
    LeaseRecord preferring(String identity) {
        return new LeaseRecord(
                holderIdentity,
                leaseDurationSeconds,
                acquireTime,
                renewTime,
                leaseTransitions,
                identity,
                strategy == null || strategy.isEmpty() ? STRATEGY_FOR_PREFERENCE : strategy);
    }

    /** {@code ""} when free (also when the field was null or absent). */
    public String holderIdentity() {
        return holderIdentity;
    }

    public boolean isFree() {
        return holderIdentity.isEmpty();
    }

    public boolean isHeldBy(String identity) {
        return !isFree() && holderIdentity.equals(identity);
    }

    /** Seconds; 0 when absent. Other candidates judge expiry with this value, not their own. */
    public int leaseDurationSeconds() {
        return leaseDurationSeconds;
    }

    /** Nullable: display only. */
    public Instant acquireTime() {
        return acquireTime;
    }

    /** Nullable: display and change detection only, never compared with a local clock. */
    public Instant renewTime() {
        return renewTime;
    }

    public int leaseTransitions() {
        return leaseTransitions;
    }

    /**
     * Nullable; coordinated leader election's hint that another identity should lead. A leader that
     * reads one naming someone else hands over as on a step-down; a release keeps it, so that other
     * contenders leave the freed Lease to the preferred one for a retry period; a new term drops
     * it.
     */
    public String preferredHolder() {
        return preferredHolder;
    }

    /** Nullable; coordinated leader election's strategy, preserved as read. */

    /**
     * The preferred holder when it is set and names someone other than {@code identity}; else null.
     */
    String preferredOtherThan(String identity) {
        return preferredHolder == null
                        || preferredHolder.isEmpty()
                        || preferredHolder.equals(identity)
                ? null
                : preferredHolder;
    }

    public String strategy() {
        return strategy;
    }

    private static Instant micros(Instant t) {
        // Arithmetic, not truncatedTo(ChronoUnit.MICROS): MicroTime keeps java.time's units
        // unloaded.
        return t == null
                ? null
                : Instant.ofEpochSecond(t.getEpochSecond(), t.getNano() / 1000 * 1000);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LeaseRecord)) {
            return false;
        }
        LeaseRecord r = (LeaseRecord) o;
        return leaseDurationSeconds == r.leaseDurationSeconds
                && leaseTransitions == r.leaseTransitions
                && holderIdentity.equals(r.holderIdentity)
                && Objects.equals(acquireTime, r.acquireTime)
                && Objects.equals(renewTime, r.renewTime)
                && Objects.equals(preferredHolder, r.preferredHolder)
                && Objects.equals(strategy, r.strategy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                holderIdentity,
                leaseDurationSeconds,
                acquireTime,
                renewTime,
                leaseTransitions,
                preferredHolder,
                strategy);
    }

    @Override
    public String toString() {
        // Holder names come from the Lease (anyone may write them) and reach debug log lines.
        return "LeaseRecord{holder="
                + (isFree() ? "<free>" : AgentLog.escape(holderIdentity))
                + ", durationSeconds="
                + leaseDurationSeconds
                + ", acquire="
                + (acquireTime == null ? null : MicroTime.format(acquireTime))
                + ", renew="
                + (renewTime == null ? null : MicroTime.format(renewTime))
                + ", transitions="
                + leaseTransitions
                + (preferredHolder == null
                        ? ""
                        : ", preferredHolder=" + AgentLog.escape(preferredHolder))
                + (strategy == null ? "" : ", strategy=" + AgentLog.escape(strategy))
                + '}';
    }
}
