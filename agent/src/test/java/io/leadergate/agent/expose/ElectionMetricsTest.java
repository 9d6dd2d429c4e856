package io.leadergate.agent.expose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.leadergate.agent.election.ElectionEvents.Call;
import io.leadergate.agent.election.LeaseApiException;
import io.prometheus.client.CollectorRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Metric names and labels, fed the elector's events on a fake clock. */
class ElectionMetricsTest {

    private static final long CALL_NANOS = TimeUnit.MILLISECONDS.toNanos(30);
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final CollectorRegistry registry = new CollectorRegistry();
    private final ElectionMetrics metrics = new ElectionMetrics(registry, "orders", nanos::get);

    private double sample(String name, String... labels) {
        String[] names =
                labels.length == 2 ? new String[] {"name", "reason"} : new String[] {"name"};
        Double value = registry.getSampleValue(name, names, labels);
        return value == null ? Double.NaN : value;
    }

    @Test
    void renewsAreTimedAndTheSlowPathIsCounted() {
        metrics.onCall(Call.RENEW, CALL_NANOS, null); // fast path: on our own write
        metrics.onRenewed(false);
        assertEquals(1, sample("leadergate_lease_renew_seconds_count", "orders"));
        assertEquals(0.03, sample("leadergate_lease_renew_seconds_sum", "orders"), 1e-9);
        assertEquals(0, sample("leader_election_slowpath_total", "orders"));

        metrics.onCall(Call.RENEW, CALL_NANOS, LeaseApiException.Kind.CONFLICT);
        metrics.onCall(Call.GET, CALL_NANOS, null);
        metrics.onCall(Call.RENEW, CALL_NANOS, null);
        metrics.onRenewed(true);
        assertEquals(3, sample("leadergate_lease_renew_seconds_count", "orders"));
        assertEquals(1, sample("leader_election_slowpath_total", "orders"));
    }

    @Test
    void acquiresAndReleasesAreNotRenews() {
        metrics.onCall(Call.GET, CALL_NANOS, null);
        metrics.onCall(Call.ACQUIRE, CALL_NANOS, null);
        metrics.onCall(Call.CREATE, CALL_NANOS, null);
        metrics.onCall(Call.RELEASE, CALL_NANOS, null);
        assertEquals(0, sample("leadergate_lease_renew_seconds_count", "orders"));
        assertEquals(0, sample("leader_election_slowpath_total", "orders"));
    }

    @Test
    void apiErrorsAreCountedByReasonFromZero() {
        for (LeaseApiException.Kind kind : LeaseApiException.Kind.values()) {
            assertEquals(
                    0, sample("leadergate_api_errors_total", "orders", kind.label()), kind.label());
        }
        metrics.onCall(Call.GET, CALL_NANOS, LeaseApiException.Kind.FORBIDDEN);
        metrics.onCall(Call.GET, CALL_NANOS, LeaseApiException.Kind.FORBIDDEN);
        metrics.onCall(Call.CREATE, CALL_NANOS, LeaseApiException.Kind.CONFLICT);
        assertEquals(2, sample("leadergate_api_errors_total", "orders", "forbidden"));
        assertEquals(1, sample("leadergate_api_errors_total", "orders", "conflict"));
        assertEquals(0, sample("leadergate_api_errors_total", "orders", "invalid"));
        assertNull(
                registry.getSampleValue(
                        "leadergate_api_errors_total",
                        new String[] {"name", "reason"},
                        new String[] {"orders", "teapot"}),
                "reasons are a closed set");
    }

    @Test
    void termsAreCountedAndTheirLengthObservedWhenTheyEnd() {
        metrics.onStartedLeading(null);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(90));
        metrics.onStoppedLeading(null, "renew deadline");
        metrics.onStartedLeading(null);
        assertEquals(2, sample("leader_election_transitions_total", "orders"));
        assertEquals(1, sample("leader_election_leadership_duration_seconds_count", "orders"));
        assertEquals(90, sample("leader_election_leadership_duration_seconds_sum", "orders"), 1e-9);
        Double le64 =
                registry.getSampleValue(
                        "leader_election_leadership_duration_seconds_bucket",
                        new String[] {"name", "le"},
                        new String[] {"orders", "64.0"});
        Double le128 =
                registry.getSampleValue(
                        "leader_election_leadership_duration_seconds_bucket",
                        new String[] {"name", "le"},
                        new String[] {"orders", "128.0"});
        assertEquals(0, le64);
        assertEquals(1, le128);
    }
}
