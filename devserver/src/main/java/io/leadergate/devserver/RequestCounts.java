package io.leadergate.devserver;

import com.google.gson.JsonObject;
import java.util.Map;

/**
 * A snapshot of request counts.
 *
 * @param total every Lease API request received, authenticated or not
 * @param clients client name ("anonymous" when unnamed) → verb → count
 * @param connections client name → connections its counted requests came on (kept-alive connections
 *     serve many)
 */
public record RequestCounts(
        long total, Map<String, Map<String, Long>> clients, Map<String, Long> connections) {
    /**
     * Requests by {@code client} with {@code verb} (get, list, watch, create, update, patch,
     * delete).
     */
    public long count(String client, String verb) {
        Map<String, Long> verbs = clients.get(client);
        return verbs == null ? 0 : verbs.getOrDefault(verb, 0L);
    }

    /** The connections {@code client}'s counted requests came on. */
    public long connections(String client) {
        return connections.getOrDefault(client, 0L);
    }

    /** All requests by {@code client}. */
    public long total(String client) {
        Map<String, Long> verbs = clients.get(client);
        return verbs == null ? 0 : verbs.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The /_dev/requests body:
     * {"total":N,"clients":{"name":{"get":..,...,"total":..,"connections":..}}}.
     */
    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("total", total);
        JsonObject byClient = new JsonObject();
        clients.forEach(
                (client, verbs) -> {
                    JsonObject counts = new JsonObject();
                    verbs.forEach(counts::addProperty);
                    counts.addProperty("total", total(client));
                    counts.addProperty("connections", connections(client));
                    byClient.add(client, counts);
                });
        json.add("clients", byClient);
        return json;
    }
}
