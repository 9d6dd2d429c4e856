package io.leadergate.agent.expose;

import io.leadergate.bootstrap.Gate;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.util.Arrays;
import java.util.List;

/**
 * The gate's own counters, read at scrape time: {@code leadergate_gated_invocations_total{method,
 * outcome}} and {@code leadergate_gate_open}. The hot path only increments {@link Gate}'s arrays;
 * nothing here runs until someone scrapes. At most {@link #MAX_METHOD_SERIES} methods get their own
 * series; the rest are summed under {@code method="other"}, which bounds the label cardinality.
 */
final class GateCollector extends Collector {

    static final int MAX_METHOD_SERIES = 200;
    private static final List<String> LABELS = Arrays.asList("method", "outcome");

    @Override
    public List<MetricFamilySamples> collect() {
        CounterMetricFamily invocations =
                new CounterMetricFamily(
                        "leadergate_gated_invocations",
                        "Calls of gated methods: executed (leader) or skipped (follower).",
                        LABELS);
        int count = Gate.methodCount();
        long otherExecuted = Gate.executed(0);
        long otherSkipped = Gate.skipped(0);
        for (int id = 1; id < count; id++) {
            if (id > MAX_METHOD_SERIES) {
                otherExecuted += Gate.executed(id);
                otherSkipped += Gate.skipped(id);
                continue;
            }
            String method = Gate.methodName(id);
            invocations.addMetric(Arrays.asList(method, "executed"), Gate.executed(id));
            invocations.addMetric(Arrays.asList(method, "skipped"), Gate.skipped(id));
        }
        if (otherExecuted + otherSkipped > 0) {
            invocations.addMetric(Arrays.asList("other", "executed"), otherExecuted);
            invocations.addMetric(Arrays.asList("other", "skipped"), otherSkipped);
        }
        GaugeMetricFamily open =
                new GaugeMetricFamily(
                        "leadergate_gate_open",
                        "1 while this JVM admits gated work (its leadership term is valid), 0 otherwise.",
                        Gate.isOpen() ? 1 : 0);
        return Arrays.asList(invocations, open);
    }
}
