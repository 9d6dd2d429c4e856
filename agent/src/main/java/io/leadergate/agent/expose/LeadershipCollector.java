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
        GaugeMetricFamily isLeader =
                new GaugeMetricFamily(
                        "leader_election_is_leader",
                        "1 if this replica is the leader of the lease (and its gated work runs), 0 otherwise.",
                        Collections.singletonList("name"));
        GaugeMetricFamily masterStatus =
                new GaugeMetricFamily(
                        "leader_election_master_status",
                        "client-go's name for the same: 1 if this replica leads the lease, 0 otherwise.",
                        Collections.singletonList("name"));
        GaugeMetricFamily transitions =
                new GaugeMetricFamily(
                        "leadergate_lease_transitions",
                        "leaseTransitions of the lease as this replica last observed it.",
                        Collections.singletonList("name"));
        String top = settings.get().leaseName();
        add(isLeader, masterStatus, transitions, top, status.leading(), state.get());
        // Every further group's Lease: one series per Lease, as client-go's name label has it.
        for (ElectionStatus.Group group : status.groups()) {
            String lease = group.settings().leaseName();
            Optional<LeadershipState> groupState = group.state();
            if (!lease.equals(top) && groupState.isPresent()) {
                add(isLeader, masterStatus, transitions, lease, group.leading(), groupState.get());
            }
        }
        List<MetricFamilySamples> families = new ArrayList<>(3);
        families.add(isLeader);
        families.add(masterStatus);
        families.add(transitions);
        return families;
    }

    private static void add(
            GaugeMetricFamily isLeader,
            GaugeMetricFamily masterStatus,
            GaugeMetricFamily transitions,
            String lease,
            boolean leading,
            LeadershipState state) {
        List<String> name = Collections.singletonList(lease);
        isLeader.addMetric(name, leading ? 1 : 0);
        masterStatus.addMetric(name, leading ? 1 : 0);
        transitions.addMetric(name, state.leaseTransitions());
    }
}
