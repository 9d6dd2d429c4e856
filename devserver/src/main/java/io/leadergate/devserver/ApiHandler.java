package io.leadergate.devserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every path except {@code /_dev/}: route, authenticate, count, inject faults, then serve — the
 * order kube-apiserver's filter chain uses (authentication before authorization and handling).
 */
final class ApiHandler implements HttpHandler {
    private final Auth auth;
    private final Map<ServedKind, RequestCounter> counters;
    private final Faults faults;
    private final Map<ServedKind, LeaseResource> resources;
    private final String serverAddress;
    private final Consumer<String> requestLog;
    private final WriteArrivals arrivals;

    /**
     * @param requestLog receives one line per request, or null for silence
     */
    ApiHandler(
            Auth auth,
            Map<ServedKind, RequestCounter> counters,
            Faults faults,
            Map<ServedKind, LeaseResource> resources,
            String serverAddress,
            Consumer<String> requestLog,
            WriteArrivals arrivals) {
        this.auth = auth;
        this.counters = counters;
        this.faults = faults;
        this.resources = resources;
        this.serverAddress = serverAddress;
        this.requestLog = requestLog;
        this.arrivals = arrivals;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        Instant arrived = Instant.now();
        String client = Auth.ANONYMOUS;
        try {
            Map<String, String> query = HttpReplies.query(exchange);
            ApiRoute route;
            try {
                route =
                        ApiRoute.resolve(
                                exchange.getRequestMethod(),
                                exchange.getRequestURI().getRawPath(),
                                query);
            } catch (StatusException notServed) {
                auth.identify(
                        exchange, false); // as upstream, a bad credential is 401 before any 404/405
                throw notServed;
            }
            Auth.Identity identity = authenticate(exchange, route);
            client = identity.client();
            if (route.kind() != null) {
                counters.get(route.kind()).record(client, route.verb(), remote(exchange));
            }
            LeaseResource.Target target = route.target();
            faults.beforeRequest(
                    identity,
                    route.kind(),
                    route.verb() == null ? "get" : route.verb(),
                    target == null ? null : target.namespace(),
                    target == null ? null : target.name());
            if (route.verb() == null) {
                serveDocument(exchange, route.document());
            } else {
                String writer = client;
                resources
                        .get(route.kind())
                        .handle(
                                exchange,
                                target,
                                route.verb(),
                                client,
                                query,
                                stored ->
                                        arrivals.recordWrite(
                                                route.kind(),
                                                route.verb(),
                                                writer,
                                                arrived,
                                                stored));
            }
        } catch (StatusException failure) {
            HttpReplies.status(exchange, failure);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // nothing left to answer
        } catch (RuntimeException bug) {
            HttpReplies.status(
                    exchange,
                    new StatusException(
                            StatusBodies.body(
                                    500, "InternalError", "internal error: " + bug, null)));
            bug.printStackTrace();
        } finally {
            exchange.close();
            if (requestLog != null) {
                requestLog.accept(
                        String.format(
                                "%s %s %s -> %d in %d ms",
                                exchange.getRequestMethod(),
                                exchange.getRequestURI(),
                                client,
                                exchange.getResponseCode(),
                                (System.nanoTime() - started) / 1_000_000));
            }
        }
    }

    /**
     * Authenticates, counting resource requests, including refused ones (a misconfigured client).
     */
    private Auth.Identity authenticate(HttpExchange exchange, ApiRoute route) {
        try {
            return auth.identify(exchange, route.verb() == null);
        } catch (StatusException unauthenticated) {
            if (route.kind() != null) {
                counters.get(route.kind()).record(Auth.ANONYMOUS, route.verb(), remote(exchange));
            }
            throw unauthenticated;
        }
    }

    private void serveDocument(HttpExchange exchange, String path) throws IOException {
        if (path.equals("/healthz") || path.equals("/livez") || path.equals("/readyz")) {
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, ok.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ok);
            }
            return;
        }
        switch (path) {
            case "/openapi/v2" -> HttpReplies.json(exchange, 200, OpenApi.v2());
            case "/openapi/v3" -> HttpReplies.json(exchange, 200, OpenApi.v3Index());
            case OpenApi.V3_GROUP_PATH -> HttpReplies.json(exchange, 200, OpenApi.v3Group());
            case OpenApi.V3_SLICE_GROUP_PATH ->
                    HttpReplies.json(exchange, 200, OpenApi.v3SliceGroup());
            default -> {
                String accept = exchange.getRequestHeaders().getFirst("Accept");
                String aggregated = Discovery.aggregatedVersion(accept);
                if (aggregated != null && (path.equals("/api") || path.equals("/apis"))) {
                    HttpReplies.json(
                            exchange,
                            200,
                            Discovery.aggregated(path, aggregated),
                            "application/json;g=apidiscovery.k8s.io;v="
                                    + aggregated
                                    + ";as=APIGroupDiscoveryList");
                } else {
                    HttpReplies.json(exchange, 200, Discovery.document(path, serverAddress));
                }
            }
        }
    }

    /** The client's end of the connection: one per connection, kept-alive or not. */
    private static String remote(HttpExchange exchange) {
        return String.valueOf(exchange.getRemoteAddress());
    }
}
