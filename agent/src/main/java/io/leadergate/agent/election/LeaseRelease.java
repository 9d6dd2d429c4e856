package io.leadergate.agent.election;

import io.leadergate.agent.log.AgentLog;
import java.util.Optional;

/**
 * client-go's ReleaseOnCancel: hands the Lease back on shutdown so a successor need not wait for
 * it to expire. Writes holder {@code ""}, duration 1 s, acquire and renew time now, transitions kept.
 *
 * <p>The caller must have closed the gate first: from the moment the release lands, another replica
 * may acquire at once. For the same reason nothing is released while an admitted gated call is
 * still running ({@link CallsInFlight}): callers wait for them first ({@link GatedCallDrain}); if
 * some still run, the Lease is left to expire. Bounded in time: the release runs on its own daemon
 * thread and is abandoned after the budget; the Lease then simply expires.
 */
final class LeaseRelease {

    private final ElectionSettings settings;
    private final LeaseClient client;
    private final MonotonicClock clock;
    private final CallsInFlight calls;

    LeaseRelease(ElectionSettings settings, LeaseClient client, MonotonicClock clock, CallsInFlight calls) {
        this.settings = settings;
        this.client = client;
        this.clock = clock;
        this.calls = calls;
    }

    /**
     * Releases {@code held} (a record naming us), waiting at most {@code budgetMillis}; does nothing
     * but warn while gated calls are in flight.
     */
    void release(LeaseSnapshot held, long budgetMillis) {
        long running = calls.count();
        if (running > 0) {
            AgentLog.warn("not releasing lease " + settings.leaseKey() + ": " + GatedCallDrain.describe(running)
                    + " still running; other replicas take over once it expires (" + settings.leaseDuration()
                    + " after the last renewal)");
            return;
        }
        Thread releaser = new Thread(() -> releaseNow(held), "leadergate-release");
        releaser.setDaemon(true);
        releaser.start();
        try {
            releaser.join(budgetMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (releaser.isAlive()) {
            releaser.interrupt();
            AgentLog.warn("release of lease " + settings.leaseKey() + " did not finish within " + budgetMillis
                    + " ms; other replicas take over once it expires (" + settings.leaseDuration() + ")");
        }
    }

    private void releaseNow(LeaseSnapshot held) {
        try {
            try {
                client.update(held, held.record().released(clock.now()));
            } catch (LeaseApiException e) {
                if (e.kind() != LeaseApiException.Kind.CONFLICT) {
                    throw e;
                }
                // A renew raced with stop() and bumped the resourceVersion: read again, release if still ours.
                Optional<LeaseSnapshot> current = client.get();
                if (current.isEmpty() || !current.get().record().isHeldBy(settings.identity())) {
                    return; // someone else holds it, or it is gone: nothing of ours to release
                }
                client.update(current.get(), current.get().record().released(clock.now()));
            }
            AgentLog.info("released lease " + settings.leaseKey());
        } catch (LeaseApiException e) {
            AgentLog.warn("could not release lease " + settings.leaseKey() + " (" + e.getMessage()
                    + "); other replicas take over once it expires (" + settings.leaseDuration() + ")");
        } catch (RuntimeException e) {
            AgentLog.warn("could not release lease " + settings.leaseKey() + ": " + e);
        }
    }
}
