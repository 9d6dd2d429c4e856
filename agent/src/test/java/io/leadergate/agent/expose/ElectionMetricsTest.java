package io.leadergate.agent.expose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.leadergate.agent.election.LeaseApiException;
import io.leadergate.agent.election.LeaseClient;
import io.leadergate.agent.election.LeaseRecord;
import io.leadergate.agent.election.LeaseSnapshot;
import io.prometheus.client.CollectorRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Metric names and labels, fed through the observed client the elector uses, on a fake clock. */
class ElectionMetricsTest {

    private static final Instant NOW = Instant.parse("2026-01-30T10:00:00Z");
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final CollectorRegistry registry = new CollectorRegistry();
    private final ElectionMetrics metrics = new ElectionMetrics(registry, "orders", nanos::get);
    private final InMemoryLease lease = new InMemoryLease();

    /** Every call takes 30 ms of fake time. */
    private final ObservedLeaseClient client =
            new ObservedLeaseClient(new SlowLease(), "me", List.of(metrics), nanos::get);

    /** The in-memory Lease, each call taking 30 ms of fake time. */
    private final class SlowLease implements LeaseClient {
        @Override
        public Optional<LeaseSnapshot> get() throws LeaseApiException {
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(30));
            return lease.get();
        }

        @Override
        public LeaseSnapshot create(LeaseRecord record) throws LeaseApiException {
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(30));
            return lease.create(record);
        }

        @Override
        public LeaseSnapshot update(LeaseSnapshot base, LeaseRecord next) throws LeaseApiException {
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(30));
            return lease.update(base, next);
        }
    }

    private double sample(String name, String... labels) {
        String[] names =
                labels.length == 2 ? new String[] {"name", "reason"} : new String[] {"name"};
        Double value = registry.getSampleValue(name, names, labels);
        return value == null ? Double.NaN : value;
    }

    private static LeaseRecord held(String holder, int transitions) {
        return new LeaseRecord(holder, 15, NOW, NOW, transitions, null, null);
    }

    @Test
    void renewsAreTimedAndTheSlowPathIsCounted() throws LeaseApiException {
        LeaseSnapshot mine = client.create(held("me", 0));
        LeaseSnapshot renewed =
                client.update(mine, held("me", 0)); // fast path: based on our own write
        assertEquals(1, sample("leadergate_lease_renew_seconds_count", "orders"));
        assertEquals(0.03, sample("leadergate_lease_renew_seconds_sum", "orders"), 1e-9);
        assertEquals(0, sample("leader_election_slowpath_total", "orders"));

        LeaseSnapshot read = client.get().orElseThrow(); // a conflict made the elector read first
        client.update(read, held("me", 0));
        assertEquals(2, sample("leadergate_lease_renew_seconds_count", "orders"));
        assertEquals(1, sample("leader_election_slowpath_total", "orders"));
        assertEquals(renewed.record(), held("me", 0));
    }

    @Test
    void acquiresAndReleasesAreNotRenews() throws LeaseApiException {
        lease.externalWrite(held("", 3));
        LeaseSnapshot free = client.get().orElseThrow();
        LeaseSnapshot mine = client.update(free, held("me", 4));
        client.update(mine, held("", 4));
        assertEquals(0, sample("leadergate_lease_renew_seconds_count", "orders"));
        assertEquals(0, sample("leader_election_slowpath_total", "orders"));
    }

    @Test
    void apiErrorsAreCountedByReasonFromZero() {
        for (LeaseApiException.Kind kind : LeaseApiException.Kind.values()) {
            assertEquals(
                    0, sample("leadergate_api_errors_total", "orders", kind.label()), kind.label());
        }
        lease.failAll = LeaseApiException.ofStatus(403, "forbidden");
        assertThrows(LeaseApiException.class, client::get);
        assertThrows(LeaseApiException.class, client::get);
        lease.failAll = LeaseApiException.ofStatus(409, "conflict");
        assertThrows(LeaseApiException.class, () -> client.create(held("me", 0)));
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
        metrics.onStoppedLeading(null);
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
