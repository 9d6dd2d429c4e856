package io.leadergate.agent.expose;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;

/**
 * {@code GET /metrics}: the agent's own registry (never the default one, which an application using
 * an unrelocated simpleclient owns) in Prometheus text format 0.0.4, or OpenMetrics 1.0 when the
 * scraper's {@code Accept} header asks for it.
 */
final class MetricsEndpoint {

    private final CollectorRegistry registry;

    MetricsEndpoint(CollectorRegistry registry) {
        this.registry = registry;
    }

    Reply reply(String accept) throws IOException {
        String contentType = TextFormat.chooseContentType(accept);
        StringWriter body = new StringWriter(4096);
        TextFormat.writeFormat(contentType, body, registry.metricFamilySamples());
        return new Reply(200, contentType, body.toString());
    }
}
