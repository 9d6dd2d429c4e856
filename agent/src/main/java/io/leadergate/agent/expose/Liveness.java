package io.leadergate.agent.expose;

import io.leadergate.agent.election.ElectionEvents;
import io.leadergate.agent.election.ElectionSettings;
import io.leadergate.agent.election.LeadershipState;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Is the elector stuck? client-go's {@code HealthzAdaptor} rule: only a replica that believes it
 * leads is judged, and it is unhealthy once its last successful acquire or renew is older than the
 * lease duration plus {@link #MARGIN}. A leader whose renewals merely fail is not stuck: it gives
 * up leadership after the renew deadline and is healthy again. What this catches is a leader whose
 * elector no longer turns (a deadlock, a listener that never returns), whose published state still
 * says "leader" long after its gate closed. Followers are never judged (a standby may wait for
 * ever).
 *
 * <p>Times are monotonic ({@code nanoClock}), so a wall-clock jump cannot fail a probe.
 */
final class Liveness implements ElectionEvents {

    /**
     * Tolerance past the lease duration, as kube-scheduler and kube-controller-manager configure
     * it.
     */
    static final Duration MARGIN = Duration.ofSeconds(20);

    private final ElectionSettings settings;
    private final LongSupplier nanoClock;
    private final long limitNanos;

    /** Monotonic nanos of the last term start or renewal the elector told of. */
    private volatile long lastHoldingWriteNanos;

    Liveness(ElectionSettings settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.limitNanos = settings.leaseDuration().plus(MARGIN).toNanos();
        this.lastHoldingWriteNanos = nanoClock.getAsLong();
    }

    /** The Lease of the elector this judges. */
    String leaseName() {
        return settings.leaseName();
    }

    @Override
    public void onStartedLeading(LeadershipState state) {
        lastHoldingWriteNanos = nanoClock.getAsLong();
    }

    @Override
    public void onRenewed(boolean slowPath) {
        lastHoldingWriteNanos = nanoClock.getAsLong();
    }

    /** Empty when healthy; otherwise what is wrong, for the probe's body and the log. */
    Optional<String> problem(LeadershipState state) {
        if (state == null || !state.isLeader()) {
            return Optional.empty();
        }
        long sinceNanos = nanoClock.getAsLong() - lastHoldingWriteNanos;
        if (sinceNanos <= limitNanos) {
            return Optional.empty();
        }
        return Optional.of(
                "stuck: leader of lease "
                        + settings.leaseKey()
                        + " has not renewed it for "
                        + TimeUnit.NANOSECONDS.toSeconds(sinceNanos)
                        + " s (limit: lease duration "
                        + settings.leaseDuration().getSeconds()
                        + " s + "
                        + MARGIN.getSeconds()
                        + " s)");
    }
}
