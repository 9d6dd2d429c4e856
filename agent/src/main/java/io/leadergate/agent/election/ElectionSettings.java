package io.leadergate.agent.election;

import java.time.Duration;
import java.util.Objects;

/**
 * What one elector contends for, and its one timing contract: every duration the election runs on
 * is a field here, documented with its default and the rule it serves, and checked in the
 * constructor against client-go's rules. The config layer checks the same rules first ({@link
 * #leaseOutlastsRenewDeadline}, {@link #renewDeadlineOutlastsJitteredRetry}) to name the offending
 * keys; the Kubernetes client derives its call and watch timeouts from these values.
 */
public final class ElectionSettings {

    /**
     * client-go's {@code JitterFactor}: a contender waits {@code wait.Jitter(retryPeriod, 1.2)} =
     * retryPeriod × [1.0, 2.2) between attempts, so that contenders do not collide; and client-go
     * requires {@code renewDeadline > JitterFactor × retryPeriod}.
     */
    public static final double JITTER_FACTOR = 1.2;

    /**
     * Ceiling of every backoff, in retry periods: a polling contender after consecutive 401/403 and
     * the watch's reconnects double their pause from one retry period up to this (a configuration
     * problem does not fix itself every two seconds).
     */
    public static final int BACKOFF_CEILING = 8;

    private final String namespace;
    private final String leaseName;
    private final String identity;

    /**
     * {@code leadergate.lease.duration}, default 15 s, whole seconds (the Lease field is integer
     * seconds): written into our records as {@code leaseDurationSeconds}; another replica takes the
     * Lease only after observing our record unchanged this long by its own clock.
     */
    private final Duration leaseDuration;

    /**
     * {@code leadergate.renew.deadline}, default 10 s, less than the lease duration: our gate stays
     * open this long after the send time of our last successful write, so it closes {@code
     * leaseDuration − renewDeadline} before anyone may take over; the term ends when no write
     * succeeds within it.
     */
    private final Duration renewDeadline;

    /**
     * {@code leadergate.retry.period}, default 2 s, with {@code renewDeadline > 1.2 × retryPeriod}:
     * the leader renews every retry period (unjittered); a polling contender attempts every retry
     * period × [1.0, 2.2); a free Lease whose {@code preferredHolder} names another replica is left
     * to it for one retry period; backoffs count in retry periods.
     */
    private final Duration retryPeriod;

    /**
     * How long {@link LeaseElector#stop()} waits for each of the two last things the elector thread
     * does: finish the call in flight, then send the release; also the bound of a step-down's
     * release. Default {@code min(renewDeadline, 2 s)}: a JVM's shutdown should not wait longer,
     * and a Lease not released in time simply expires.
     */
    private final Duration releaseBudget;

    /** With the default release budget, {@code min(renewDeadline, 2 s)}. */
    public ElectionSettings(
            String namespace,
            String leaseName,
            String identity,
            Duration leaseDuration,
            Duration renewDeadline,
            Duration retryPeriod) {
        this(
                namespace,
                leaseName,
                identity,
                leaseDuration,
                renewDeadline,
                retryPeriod,
                renewDeadline == null ? null : min(renewDeadline, Duration.ofSeconds(2)));
    }

    /**
     * @throws IllegalArgumentException when the timings break client-go's rules (see the fields)
     */
    public ElectionSettings(
            String namespace,
            String leaseName,
            String identity,
            Duration leaseDuration,
            Duration renewDeadline,
            Duration retryPeriod,
            Duration releaseBudget) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.leaseName = Objects.requireNonNull(leaseName, "leaseName");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.leaseDuration = Objects.requireNonNull(leaseDuration, "leaseDuration");
        this.renewDeadline = Objects.requireNonNull(renewDeadline, "renewDeadline");
        this.retryPeriod = Objects.requireNonNull(retryPeriod, "retryPeriod");
        this.releaseBudget = Objects.requireNonNull(releaseBudget, "releaseBudget");
        if (retryPeriod.isNegative() || retryPeriod.isZero() || releaseBudget.isNegative()) {
            throw new IllegalArgumentException(
                    "retryPeriod must be positive and releaseBudget not negative: " + this);
        }
        if (leaseDuration.getNano() != 0 || leaseDuration.getSeconds() < 1) {
            throw new IllegalArgumentException(
                    "leaseDuration must be a whole number of seconds, at least 1: " + this);
        }
        if (!leaseOutlastsRenewDeadline(leaseDuration, renewDeadline)) {
            throw new IllegalArgumentException(
                    "leaseDuration must be greater than renewDeadline: " + this);
        }
        if (!renewDeadlineOutlastsJitteredRetry(renewDeadline, retryPeriod)) {
            throw new IllegalArgumentException(
                    "renewDeadline must be greater than retryPeriod*JitterFactor: " + this);
        }
    }

    /** The same timings and identity on another Lease (a group's, {@code WorkGroups}). */
    public ElectionSettings forLease(String otherLeaseName) {
        return new ElectionSettings(
                namespace,
                otherLeaseName,
                identity,
                leaseDuration,
                renewDeadline,
                retryPeriod,
                releaseBudget);
    }

    /** client-go: "leaseDuration must be greater than renewDeadline". */
    public static boolean leaseOutlastsRenewDeadline(
            Duration leaseDuration, Duration renewDeadline) {
        return leaseDuration.compareTo(renewDeadline) > 0;
    }

    /**
     * client-go: "renewDeadline must be greater than retryPeriod*JitterFactor", exactly (6/5, no
     * floating point).
     */
    public static boolean renewDeadlineOutlastsJitteredRetry(
            Duration renewDeadline, Duration retryPeriod) {
        return renewDeadline.multipliedBy(5).compareTo(retryPeriod.multipliedBy(6)) > 0;
    }

    /**
     * A backoff after {@code attempts} consecutive failures (1 or more), nanos: 1, 2, 4, 8 retry
     * periods.
     */
    long backoffNanos(int attempts) {
        return retryPeriod.toNanos()
                * Math.min(BACKOFF_CEILING, 1L << Math.min(Math.max(attempts, 1) - 1, 30));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public String namespace() {
        return namespace;
    }

    public String leaseName() {
        return leaseName;
    }

    /** {@code namespace/name}, as log lines and metrics show the lease. */
    public String leaseKey() {
        return namespace + "/" + leaseName;
    }

    public String identity() {
        return identity;
    }

    public Duration leaseDuration() {
        return leaseDuration;
    }

    public Duration renewDeadline() {
        return renewDeadline;
    }

    public Duration retryPeriod() {
        return retryPeriod;
    }

    public Duration releaseBudget() {
        return releaseBudget;
    }

    @Override
    public String toString() {
        return "lease "
                + leaseKey()
                + " as "
                + identity
                + " (duration "
                + leaseDuration
                + ", renew deadline "
                + renewDeadline
                + ", retry "
                + retryPeriod
                + ")";
    }
}
