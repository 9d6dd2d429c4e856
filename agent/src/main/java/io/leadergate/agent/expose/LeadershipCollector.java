package io.leadergate.agent.expose;

import io.leadergate.agent.election.ElectionSettings;
import io.leadergate.agent.election.LeadershipState;
import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Gauges computed at scrape time from {@link ElectionStatus}, so they can never disagree with
 * {@code /readyz}: {@code leader_election_is_leader} (the tutorial's name), {@code
 * leader_election_master_status} (client-go's), and the lease's observed {@code leaseTransitions}.
 * Nothing while this replica does not elect.
 */
final class LeadershipCollector extends Collector {

    private final ElectionStatus status;

    LeadershipCollector(ElectionStatus status) {
        this.status = status;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        Optional<ElectionSettings> settings = status.settings();
        Optional<LeadershipState> state = status.state();
        if (settings.isEmpty() || state.isEmpty()) {
            return Collections.emptyList();
        }
        List<String> name = Collections.singletonList(settings.get().leaseName());
        double leading = status.leading() ? 1 : 0;
        List<MetricFamilySamples> families = new ArrayList<>(3);
        families.add(
                new GaugeMetricFamily(
                                "leader_election_is_leader",
                                "1 if this replica is the leader of the lease (and its gated work runs), 0 otherwise.",
                                Collections.singletonList("name"))
                        .addMetric(name, leading));
        families.add(
                new GaugeMetricFamily(
                                "leader_election_master_status",
                                "client-go's name for the same: 1 if this replica leads the lease, 0 otherwise.",
                                Collections.singletonList("name"))
                        .addMetric(name, leading));
        families.add(
                new GaugeMetricFamily(
                                "leadergate_lease_transitions",
                                "leaseTransitions of the lease as this replica last observed it.",
                                Collections.singletonList("name"))
                        .addMetric(name, state.get().leaseTransitions()));
        return families;
    }
}
