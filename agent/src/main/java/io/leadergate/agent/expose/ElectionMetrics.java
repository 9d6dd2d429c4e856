package io.leadergate.agent.expose;

import io.leadergate.agent.election.ElectionEvents;
import io.leadergate.agent.election.LeadershipState;
import io.leadergate.agent.election.LeaseApiException;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;
import java.util.function.LongSupplier;

/**
 * The election's event-driven metrics, all labelled {@code name=<lease name>} (one instance per
 * elector, built with its Lease's name): terms started and their durations (the names client-go
 * users know), client-go's slow-path counter, renew round trips and API errors by reason, each from
 * the elector's own {@link ElectionEvents}. Updated on the elector thread; a few atomic adds per
 * turn. Gauges that are read at scrape time live in {@link LeadershipCollector}.
 */
final class ElectionMetrics implements ElectionEvents {

    private static final double[] RENEW_BUCKETS = {
        .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10
    };

    private final Counter.Child transitions;
    private final Histogram.Child termSeconds;
    private final Counter.Child slowPath;
    private final Histogram.Child renewSeconds;
    private final Counter apiErrors;
    private final String leaseName;
    private final LongSupplier nanoClock;

    /** Monotonic start of the current term; written and read on the elector thread only. */
    private long termStartNanos;

    /**
     * The metric families, registered once per registry; each Lease's elector adds its children.
     */
    static final class Families {
        final Counter transitions;
        final Histogram termSeconds;
        final Counter slowPath;
        final Histogram renewSeconds;
        final Counter apiErrors;

        Families(CollectorRegistry registry) {

            transitions =
                    Counter.build(
                                    "leader_election_transitions_total",
                                    "Terms this replica started as leader of the lease (sum over replicas: leadership changes).")
                            .labelNames("name")
                            .withoutExemplars()
                            .register(registry);
            termSeconds =
                    Histogram.build(
                                    "leader_election_leadership_duration_seconds",
                                    "Length of this replica's finished terms as leader, seconds.")
                            .labelNames("name")
                            .exponentialBuckets(1, 2, 15)
                            .withoutExemplars()
                            .register(registry);
            slowPath =
                    Counter.build(
                                    "leader_election_slowpath_total",
                                    "Renewals that had to GET the lease first because the optimistic update failed (client-go's slow path).")
                            .labelNames("name")
                            .withoutExemplars()
                            .register(registry);
            renewSeconds =
                    Histogram.build(
                                    "leadergate_lease_renew_seconds",
                                    "Round trip of the leader's renew requests (UPDATE of the lease), successful or not, seconds.")
                            .labelNames("name")
                            .buckets(RENEW_BUCKETS)
                            .withoutExemplars()
                            .register(registry);
            apiErrors =
                    Counter.build(
                                    "leadergate_api_errors_total",
                                    "Failed Lease API calls by reason (HTTP status or transport failure).")
                            .labelNames("name", "reason")
                            .withoutExemplars()
                            .register(registry);
        }
    }

    ElectionMetrics(CollectorRegistry registry, String leaseName, LongSupplier nanoClock) {
        this(new Families(registry), leaseName, nanoClock);
    }

    /**
     * The series of {@code leaseName} in {@code families}, shared with the other Leases' electors.
     */
    ElectionMetrics(Families families, String leaseName, LongSupplier nanoClock) {
        this.leaseName = leaseName;
        this.nanoClock = nanoClock;
        transitions = families.transitions.labels(leaseName);
        termSeconds = families.termSeconds.labels(leaseName);
        slowPath = families.slowPath.labels(leaseName);
        renewSeconds = families.renewSeconds.labels(leaseName);
        apiErrors = families.apiErrors;
        for (LeaseApiException.Kind kind : LeaseApiException.Kind.values()) {
            apiErrors.labels(
                    leaseName,
                    kind.label()); // every reason from 0, so rate() works from the first error
        }
    }

    @Override
    public void onStartedLeading(LeadershipState state) {
        termStartNanos = nanoClock.getAsLong();
        transitions.inc();
    }

    @Override
    public void onStoppedLeading(LeadershipState state, String why) {
        termSeconds.observe((nanoClock.getAsLong() - termStartNanos) / 1e9);
    }

    @Override
    public void onRenewed(boolean slow) {
        if (slow) {
            slowPath.inc();
        }
    }

    @Override
    public void onCall(Call call, long nanos, LeaseApiException.Kind error) {
        if (call == Call.RENEW) {
            renewSeconds.observe(nanos / 1e9);
        }
        if (error != null) {
            apiErrors.labels(leaseName, error.label()).inc();
        }
    }
}
