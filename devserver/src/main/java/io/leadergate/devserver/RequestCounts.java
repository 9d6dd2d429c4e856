package io.leadergate.devserver;

import com.google.gson.JsonObject;
import java.util.Map;

/**
 * A snapshot of request counts.
 *
 * @param total every Lease API request received, authenticated or not
 * @param clients client name ("anonymous" when unnamed) → verb → count
 */
public record RequestCounts(long total, Map<String, Map<String, Long>> clients) {
    /**
     * Requests by {@code client} with {@code verb} (get, list, watch, create, update, patch,
     * delete).
     */
    public long count(String client, String verb) {
        Map<String, Long> verbs = clients.get(client);
        return verbs == null ? 0 : verbs.getOrDefault(verb, 0L);
    }

    /** All requests by {@code client}. */
    public long total(String client) {
        Map<String, Long> verbs = clients.get(client);
        return verbs == null ? 0 : verbs.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The /_dev/requests body: {"total":N,"clients":{"name":{"get":..,...,"total":..}}}. */
    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("total", total);
        JsonObject byClient = new JsonObject();
        clients.forEach(
                (client, verbs) -> {
                    JsonObject counts = new JsonObject();
                    verbs.forEach(counts::addProperty);
                    counts.addProperty("total", total(client));
                    byClient.add(client, counts);
                });
        json.add("clients", byClient);
        return json;
    }
}
