package io.leadergate.devserver;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Test hooks under {@code /_dev/}: request counts, fault injection, history compaction and a state
 * probe. No authentication and no faults apply here, so a test can always reach them.
 */
final class DevHooks implements HttpHandler {
    private final RequestCounter counter;
    private final RequestCounter sliceCounter;
    private final WriteArrivals arrivals;
    private final Faults faults;
    private final LeaseStore store;
    private final OpenWatches watches;

    /**
     * @param sliceCounter the EndpointSlice requests, served as {@code
     *     /_dev/requests?resource=endpointslices}
     */
    DevHooks(
            RequestCounter counter,
            RequestCounter sliceCounter,
            WriteArrivals arrivals,
            Faults faults,
            LeaseStore store,
            OpenWatches watches) {
        this.counter = counter;
        this.sliceCounter = sliceCounter;
        this.arrivals = arrivals;
        this.faults = faults;
        this.store = store;
        this.watches = watches;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            switch (method + " " + path) {
                case "GET /_dev/requests" ->
                        HttpReplies.json(
                                exchange,
                                200,
                                ("resource=" + ServedKind.ENDPOINT_SLICES.plural)
                                                .equals(exchange.getRequestURI().getQuery())
                                        ? sliceCounter.snapshot().toJson()
                                        : counter.snapshot().toJson());
                case "GET /_dev/arrivals" -> HttpReplies.json(exchange, 200, arrivals.toJson());
                case "POST /_dev/requests/reset" -> {
                    counter.reset();
                    sliceCounter.reset();
                    arrivals.reset();
                    HttpReplies.json(exchange, 200, counter.snapshot().toJson());
                }
                case "GET /_dev/faults" ->
                        HttpReplies.json(exchange, 200, faults.current().toJson());
                case "POST /_dev/faults" -> HttpReplies.json(exchange, 200, postFaults(exchange));
                case "DELETE /_dev/faults" -> {
                    faults.clear();
                    HttpReplies.json(exchange, 200, faults.current().toJson());
                }
                case "POST /_dev/compact" -> {
                    store.compact();
                    HttpReplies.json(exchange, 200, state());
                }
                case "GET /_dev/state" -> HttpReplies.json(exchange, 200, state());
                default -> throw StatusBodies.pathNotFound();
            }
        } catch (StatusException failure) {
            HttpReplies.status(exchange, failure);
        } catch (RuntimeException badBody) {
            HttpReplies.status(
                    exchange,
                    StatusBodies.badRequest("bad /_dev request: " + badBody.getMessage()));
        } finally {
            exchange.close();
        }
    }

    /**
     * Replaces the fault plan with the body's fields. A body with only {@code dropWatches} (and
     * {@code clients}) ends streams without touching the plan in force.
     */
    private JsonObject postFaults(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        JsonObject body = bytes.length == 0 ? new JsonObject() : LeaseDecoder.parseObject(bytes);
        FaultPlan plan = FaultPlan.fromJson(body);
        boolean drop = body.has("dropWatches") && body.get("dropWatches").getAsBoolean();
        boolean onlyDrop =
                drop
                        && body.keySet().stream()
                                .allMatch(k -> k.equals("dropWatches") || k.equals("clients"));
        if (!onlyDrop) {
            faults.set(plan);
        }
        int dropped = 0;
        if (drop) {
            List<String> clients = new ArrayList<>(plan.clients());
            dropped = faults.dropWatches(clients.toArray(String[]::new));
        }
        JsonObject answer = faults.current().toJson();
        answer.addProperty("droppedWatches", dropped);
        return answer;
    }

    private JsonObject state() {
        JsonObject state = new JsonObject();
        state.addProperty("resourceVersion", Long.toString(store.resourceVersion()));
        state.addProperty("openWatches", watches.size());
        return state;
    }
}
