package io.leadergate.agent.election;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What one elector contends for, and its one timing contract: every duration the election runs on
 * is a field here, documented with its default and the rule it serves, and checked in the
 * constructor against client-go's rules. The config layer checks the same rules first ({@link
 * #leaseOutlastsRenewDeadline}, {@link #renewDeadlineOutlastsJitteredRetry}) to name the offending
 * keys. Derived bounds (release budget, call timeout, watch read timeout) are computed here once;
 * the Kubernetes client and the watch read them from here.
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

    /**
     * The pushback rule, and its ceiling: the longest {@code Retry-After} honoured, seconds.
     *
     * <p>When the server sheds a call (429, API Priority and Fairness) or cannot serve it (5xx),
     * the next call waits {@code max(Retry-After, backoff)}: backoff is 1, 2, 4, 8 retry periods
     * after 1, 2, 3, 4 or more such answers in a row for a contender, one retry period for a leader
     * (it must try to keep its term); Retry-After counts only on a 429 or 5xx and only as whole
     * seconds, as client-go's {@code checkWait} reads it, cut to this ceiling (APF asks for 1–32 s;
     * a larger value is a proxy's or a misconfiguration, and a contender should not sleep through a
     * minute of a recovered server). A contender jitters the wait as client-go jitters its retry
     * period, × [1, 2.2), so that replicas throttled together do not come back together. A leader
     * sends no second call in the turn a renewal was pushed back (client-go's fallback GET would
     * double the load on a server that asked for less), and its wait is cut so that its next
     * renewal goes out at least one retry period before its renew deadline, never after it. The
     * gate closes at that deadline whatever the server says: the cut keeps leadership, not safety.
     *
     * <p>client-go differs in where it waits, not in what it honours: its rest client retries a 429
     * or 5xx that carries Retry-After inside the call, up to 10 times, each after the asked
     * seconds, and its election loop then tries again every retry period. We send one call per turn
     * and carry the wait into the pause between turns, so the count of requests a throttled server
     * sees is bounded by the pauses above (docs/reliability.md, "An API server that pushes back").
     */
    public static final int MAX_RETRY_AFTER_SECONDS = 60;

    private final String namespace;
    private final String leaseName;
    private final String identity;

    /** {@code leadergate.lease.duration}'s default, 15 s (client-go's usual). */
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);

    /** {@code leadergate.renew.deadline}'s default, 10 s. */
    public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);

    /** {@code leadergate.retry.period}'s default, 2 s. */
    public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);

    /**
     * How often a drain looks at the count of gated calls in flight, 10 ms: what a successor's
     * first run may wait beyond our last call's end. A poll, not a signal, keeps the gated calls'
     * exit path at one atomic increment.
     */
    public static final Duration DRAIN_POLL = Duration.ofMillis(10);

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
     * release. {@code min(renewDeadline, }{@link #RELEASE_BUDGET_CEILING}{@code )}: a JVM's
     * shutdown should not wait longer, and a Lease not released in time simply expires.
     */
    private final Duration releaseBudget;

    /** The release budget's ceiling, 2 s. */
    public static final Duration RELEASE_BUDGET_CEILING = Duration.ofSeconds(2);

    /**
     * {@code leadergate.shutdown.drain}, default {@link #DEFAULT_DRAIN} (Kubernetes' default
     * terminationGracePeriodSeconds), zero or more: how long a graceful hand-over ({@link
     * LeaseElector#stop()}, {@link LeaseElector#stepDown()}, a {@code preferredHolder} naming
     * another identity) holds the gate shut and keeps renewing while admitted gated calls finish,
     * before it releases the Lease; zero: it does not wait (the Lease is then left to expire while
     * calls run). Calls still running after it keep the Lease until the JVM exits, so a successor
     * never overlaps with them.
     */
    private final Duration drainBound;

    /** {@code leadergate.shutdown.drain}'s default, 30 s. */
    public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(30);

    /**
     * Bound of each Lease API call, wall time including connect: half the renew deadline, at least
     * the retry period. Half, not all, so one call stuck on a dead connection still leaves the
     * leader time for a second attempt before its renew deadline (client-go bounds the whole renew
     * loop instead).
     */
    private final Duration callTimeout;

    /**
     * The longest silence on an open watch before it is abandoned and resumed: twice the lease
     * duration (a live leader writes every retry period, so a much longer silence is a connection
     * that died without a FIN), at least {@link #MIN_WATCH_READ_TIMEOUT} (one server bookmark
     * interval, about a minute).
     */
    private final Duration watchReadTimeout;

    /** The watch read timeout's floor, 70 s. */
    public static final Duration MIN_WATCH_READ_TIMEOUT = Duration.ofSeconds(70);

    /**
     * With the default drain bound, {@link #DEFAULT_DRAIN}.
     *
     * @throws IllegalArgumentException when the timings break client-go's rules (see the fields)
     */
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
                DEFAULT_DRAIN);
    }

    /**
     * The one validator of the timing contract; the config layer names the offending keys first
     * with the same rules ({@link #leaseOutlastsRenewDeadline}, {@link
     * #renewDeadlineOutlastsJitteredRetry}).
     *
     * @throws IllegalArgumentException when the timings break client-go's rules (see the fields)
     */
    public ElectionSettings(
            String namespace,
            String leaseName,
            String identity,
            Duration leaseDuration,
            Duration renewDeadline,
            Duration retryPeriod,
            Duration drainBound) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.leaseName = Objects.requireNonNull(leaseName, "leaseName");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.leaseDuration = Objects.requireNonNull(leaseDuration, "leaseDuration");
        this.renewDeadline = Objects.requireNonNull(renewDeadline, "renewDeadline");
        this.retryPeriod = Objects.requireNonNull(retryPeriod, "retryPeriod");
        this.drainBound = Objects.requireNonNull(drainBound, "drainBound");
        if (retryPeriod.isNegative() || retryPeriod.isZero() || drainBound.isNegative()) {
            throw new IllegalArgumentException(
                    "retryPeriod must be positive and drainBound not negative: " + this);
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
        this.releaseBudget = min(renewDeadline, RELEASE_BUDGET_CEILING);
        // Not dividedBy/multipliedBy: Duration computes those with BigDecimal, whose class
        // initialisation costs ~10 ms on Java 19+. renewDeadline is positive (checked above).
        Duration half =
                Duration.ofSeconds(
                        renewDeadline.getSeconds() / 2,
                        renewDeadline.getSeconds() % 2 * 500_000_000L
                                + renewDeadline.getNano() / 2);
        this.callTimeout = half.compareTo(retryPeriod) >= 0 ? half : retryPeriod;
        Duration twice = leaseDuration.plus(leaseDuration);
        this.watchReadTimeout =
                twice.compareTo(MIN_WATCH_READ_TIMEOUT) >= 0 ? twice : MIN_WATCH_READ_TIMEOUT;
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
                drainBound);
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
        // 5 × renewDeadline − 6 × retryPeriod > 0, in longs: Duration.multipliedBy would load and
        // initialise BigDecimal (~10 ms on Java 19+) in premain, where config checks this rule.
        try {
            long seconds =
                    Math.subtractExact(
                            Math.multiplyExact(renewDeadline.getSeconds(), 5),
                            Math.multiplyExact(retryPeriod.getSeconds(), 6));
            long nanos = 5L * renewDeadline.getNano() - 6L * retryPeriod.getNano(); // |nanos| < 6 s
            if (seconds > 6 || seconds < -6) {
                return seconds > 0;
            }
            return seconds * 1_000_000_000L + nanos > 0;
        } catch (ArithmeticException beyondLong) {
            return renewDeadline.multipliedBy(5).compareTo(retryPeriod.multipliedBy(6)) > 0;
        }
    }

    /**
     * A backoff after {@code attempts} consecutive failures (1 or more), nanos: 1, 2, 4, 8 retry
     * periods.
     */
    long backoffNanos(int attempts) {
        return retryPeriod.toNanos()
                * Math.min(BACKOFF_CEILING, 1L << Math.min(Math.max(attempts, 1) - 1, 30));
    }

    /**
     * The wait after {@code consecutive} pushbacks (1 or more), the last with {@code
     * retryAfterSeconds} (-1: none), before a contender's jitter and a leader's cut, nanos: {@link
     * #MAX_RETRY_AFTER_SECONDS}' rule.
     */
    long pushbackNanos(int consecutive, int retryAfterSeconds, boolean leader) {
        long backoff = leader ? retryPeriod.toNanos() : backoffNanos(consecutive);
        long asked =
                retryAfterSeconds < 0
                        ? 0
                        : TimeUnit.SECONDS.toNanos(
                                Math.min(retryAfterSeconds, MAX_RETRY_AFTER_SECONDS));
        return Math.max(backoff, asked);
    }

    /**
     * A pushed-back leader's pause, nanos: {@code waitNanos} cut so that the next renewal leaves
     * one retry period before the term's end ({@code untilTermEndNanos} from now), but never below
     * a retry period (the pause without pushback) nor past the term's end.
     */
    long leaderPushbackPauseNanos(long waitNanos, long untilTermEndNanos) {
        long retry = retryPeriod.toNanos();
        long cut = Math.min(waitNanos, Math.max(retry, untilTermEndNanos - retry));
        return Math.max(0, Math.min(cut, untilTermEndNanos));
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

    public Duration drainBound() {
        return drainBound;
    }

    public Duration callTimeout() {
        return callTimeout;
    }

    public Duration watchReadTimeout() {
        return watchReadTimeout;
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
                + ", drain "
                + drainBound
                + ")";
    }
}
