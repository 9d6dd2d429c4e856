package io.leadergate.devserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Misbehaviour to inject into Lease API requests. Immutable; build with the {@code with*} methods
 * starting from {@link #none()}.
 *
 * @param latencyMillis delay before each affected request is handled, in milliseconds
 * @param errorCode HTTP status answered instead of handling (0 = none), with a matching Status
 * @param errorCount how many affected requests get {@code errorCode}; -1 = until cleared
 * @param clients the client names affected; empty = every client, including anonymous
 * @param refuse answer 403 Forbidden (an RBAC denial) to affected clients
 * @param hang accept affected requests but answer none until the plan is cleared or replaced
 */
public record FaultPlan(
        long latencyMillis,
        int errorCode,
        int errorCount,
        Set<String> clients,
        boolean refuse,
        boolean hang) {

    public FaultPlan {
        clients = Set.copyOf(clients);
    }

    public static FaultPlan none() {
        return new FaultPlan(0, 0, 0, Set.of(), false, false);
    }

    public FaultPlan withLatency(Duration latency) {
        return new FaultPlan(latency.toMillis(), errorCode, errorCount, clients, refuse, hang);
    }

    /**
     * @param count how many requests fail; -1 = until cleared
     */
    public FaultPlan withErrors(int code, int count) {
        return new FaultPlan(latencyMillis, code, count, clients, refuse, hang);
    }

    public FaultPlan withRefusal() {
        return new FaultPlan(latencyMillis, errorCode, errorCount, clients, true, hang);
    }

    public FaultPlan withHang() {
        return new FaultPlan(latencyMillis, errorCode, errorCount, clients, refuse, true);
    }

    public FaultPlan forClients(String... names) {
        return new FaultPlan(
                latencyMillis,
                errorCode,
                errorCount,
                new LinkedHashSet<>(Arrays.asList(names)),
                refuse,
                hang);
    }

    boolean affects(String client) {
        return clients.isEmpty() || clients.contains(client);
    }

    boolean isNone() {
        return latencyMillis == 0 && errorCode == 0 && !refuse && !hang;
    }

    /** Parses the POST /_dev/faults body; absent fields are off, errorCount defaults to -1. */
    static FaultPlan fromJson(JsonObject json) {
        Set<String> clients = new LinkedHashSet<>();
        if (json.get("clients") instanceof JsonArray array) {
            for (JsonElement client : array) {
                clients.add(client.getAsString());
            }
        }
        return new FaultPlan(
                json.has("latencyMillis") ? json.get("latencyMillis").getAsLong() : 0,
                json.has("errorCode") ? json.get("errorCode").getAsInt() : 0,
                json.has("errorCount") ? json.get("errorCount").getAsInt() : -1,
                clients,
                json.has("refuse") && json.get("refuse").getAsBoolean(),
                json.has("hang") && json.get("hang").getAsBoolean());
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("latencyMillis", latencyMillis);
        json.addProperty("errorCode", errorCode);
        json.addProperty("errorCount", errorCount);
        JsonArray names = new JsonArray();
        clients.forEach(names::add);
        json.add("clients", names);
        json.addProperty("refuse", refuse);
        json.addProperty("hang", hang);
        return json;
    }
}
