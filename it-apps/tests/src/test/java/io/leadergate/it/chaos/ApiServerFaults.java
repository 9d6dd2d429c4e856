package io.leadergate.it.chaos;

import static io.leadergate.it.LeaseTimings.RENEW_DEADLINE;

import java.time.Duration;
import java.util.List;

/**
 * Faults of the API server as every replica sees it: unreachable, slow, restarted with or without
 * its data. Each leaves the server reachable again before returning.
 */
final class ApiServerFaults {

    private static final long RENEW_DEADLINE_NANOS = RENEW_DEADLINE.toNanos();

    private final ChaosCluster cluster;
    private final Pacing pacing;

    ApiServerFaults(ChaosCluster cluster, Pacing pacing) {
        this.cluster = cluster;
        this.pacing = pacing;
    }

    /** Every proxy cut for longer than the renew deadline, then restored. */
    InjectedFault outage(int index) {
        Duration length =
                RENEW_DEADLINE.plus(
                        pacing.between(Duration.ofMillis(200), Duration.ofMillis(2000)));
        cluster.cutAll();
        long cut = System.nanoTime();
        Pacing.until(cut + length.toNanos());
        cluster.restoreAll();
        long restored = System.nanoTime();
        return InjectedFault.of(
                index,
                FaultType.API_OUTAGE,
                "all",
                "down " + Pacing.seconds(restored - cut),
                cut,
                restored,
                List.of(nobodyRenews(cut, restored)));
    }

    /**
     * Every request delayed by 30–80% of the renew deadline for a few seconds. Above half the renew
     * deadline the agent's per-call timeout gives up first, so for the agent the server is down.
     */
    InjectedFault slow(int index) {
        long latencyMillis = Math.round(RENEW_DEADLINE.toMillis() * pacing.fraction(0.3, 0.8));
        Duration length = pacing.between(Duration.ofSeconds(2), Duration.ofSeconds(4));
        ChaosApiServer server = cluster.server();
        server.slowDown(latencyMillis);
        long start = System.nanoTime();
        Pacing.until(start + length.toNanos());
        server.clearFaults();
        long cleared = System.nanoTime();
        return InjectedFault.of(
                index,
                FaultType.SLOW_API,
                "all",
                latencyMillis + " ms for " + Pacing.seconds(cleared - start),
                start,
                cleared,
                List.of());
    }

    /**
     * The server stopped and started again from its data file on a new port: Leases and the
     * resourceVersion counter survive, so a leader's cached resourceVersion still matches.
     */
    InjectedFault restartKeepingData(int index) {
        cluster.cutAll();
        long cut = System.nanoTime();
        cluster.server().restart(true);
        cluster.retargetAll(cluster.server().port());
        cluster.restoreAll();
        long restored = System.nanoTime();
        return InjectedFault.of(
                index,
                FaultType.RESTART_KEEP_DATA,
                "all",
                "down " + Pacing.seconds(restored - cut),
                cut,
                restored,
                List.of(nobodyRenews(cut, restored)));
    }

    /**
     * The server restarted empty: the Lease is gone and every replica re-creates it or contends.
     * Held down past the renew deadline first: a Lease that vanishes while its holder's gate is
     * open is outside the guarantee (see docs/reliability.md), so this fault does not test it.
     */
    InjectedFault restartLosingData(int index) {
        cluster.cutAll();
        long cut = System.nanoTime();
        cluster.server().restart(false);
        cluster.retargetAll(cluster.server().port());
        Pacing.until(
                cut
                        + RENEW_DEADLINE_NANOS
                        + pacing.between(Duration.ofMillis(200), Duration.ofMillis(1000))
                                .toNanos());
        cluster.restoreAll();
        long restored = System.nanoTime();
        return InjectedFault.of(
                index,
                FaultType.RESTART_LOSE_DATA,
                "all",
                "down " + Pacing.seconds(restored - cut),
                cut,
                restored,
                List.of(nobodyRenews(cut, restored)));
    }

    /**
     * No replica can renew after the cut, so none may start a run once a renew deadline has passed.
     */
    private static Silence nobodyRenews(long cut, long restored) {
        return new Silence(
                null,
                cut + RENEW_DEADLINE_NANOS,
                restored,
                "API server unreachable: every gate closes within the renew deadline");
    }
}
