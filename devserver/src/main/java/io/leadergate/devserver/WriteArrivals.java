package io.leadergate.devserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * When each successful write of a Lease reached the server, next to the times the writer stamped in
 * it: the gap between a client's {@code renewTime} and the arrival is how late its request left (a
 * cold JVM's first call, a stalled thread). Only writes (create, update, patch) of Leases are kept,
 * the last {@link #CAPACITY}; served as {@code GET /_dev/arrivals}.
 *
 * <p>The arrival is the wall clock when the handler starts, that is when the request line and
 * headers have been read; the writer's stamps are wall-clock too, so the gap is only meaningful
 * between processes on one host.
 */
final class WriteArrivals {

    /** Writes kept; the oldest are dropped beyond this. */
    static final int CAPACITY = 10_000;

    /**
     * One write as it arrived.
     *
     * @param arrived the wall clock when the server began to handle it
     * @param verb create, update or patch
     * @param client the authenticated client's name
     * @param holderIdentity the stored record's holder ("" when free)
     * @param acquireTime the stored {@code spec.acquireTime} as written (RFC 3339), or null
     * @param renewTime the stored {@code spec.renewTime} as written (RFC 3339), or null
     */
    record Arrival(
            Instant arrived,
            String verb,
            String namespace,
            String name,
            String client,
            String holderIdentity,
            String acquireTime,
            String renewTime) {

        JsonObject toJson() {
            JsonObject json = new JsonObject();
            json.addProperty("arrived", arrived.toString());
            json.addProperty("verb", verb);
            json.addProperty("namespace", namespace);
            json.addProperty("name", name);
            json.addProperty("client", client);
            json.addProperty("holderIdentity", holderIdentity);
            json.addProperty("acquireTime", acquireTime);
            json.addProperty("renewTime", renewTime);
            return json;
        }
    }

    private final ArrayDeque<Arrival> kept = new ArrayDeque<>();

    /**
     * Records a write that stored {@code stored}, which arrived at {@code arrived}; other kinds
     * than Leases are ignored.
     */
    void recordWrite(
            ServedKind kind, String verb, String client, Instant arrived, JsonObject stored) {
        if (kind != ServedKind.LEASES) {
            return;
        }
        JsonObject spec = stored.has("spec") ? stored.getAsJsonObject("spec") : new JsonObject();
        Arrival arrival =
                new Arrival(
                        arrived,
                        verb,
                        LeaseJson.metadataString(stored, "namespace"),
                        LeaseJson.metadataString(stored, "name"),
                        client,
                        text(spec.get("holderIdentity"), ""),
                        text(spec.get("acquireTime"), null),
                        text(spec.get("renewTime"), null));
        synchronized (kept) {
            if (kept.size() == CAPACITY) {
                kept.removeFirst();
            }
            kept.addLast(arrival);
        }
    }

    private static String text(JsonElement value, String absent) {
        return value == null || value.isJsonNull() ? absent : value.getAsString();
    }

    List<Arrival> snapshot() {
        synchronized (kept) {
            return new ArrayList<>(kept);
        }
    }

    void reset() {
        synchronized (kept) {
            kept.clear();
        }
    }

    /** The /_dev/arrivals body: {"items":[{arrived, verb, namespace, name, client, ...}]}. */
    JsonObject toJson() {
        JsonArray items = new JsonArray();
        snapshot().forEach(a -> items.add(a.toJson()));
        JsonObject json = new JsonObject();
        json.add("items", items);
        return json;
    }
}
