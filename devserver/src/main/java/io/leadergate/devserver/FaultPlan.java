package io.leadergate.devserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Misbehaviour to inject into Lease API requests. Immutable; build with the {@code with*} methods
 * starting from {@link #none()}.
 *
 * @param latencyMillis delay before each affected request is handled, in milliseconds
 * @param errorCode HTTP status answered instead of handling (0 = none), with a matching Status (a
 *     429 as API Priority and Fairness answers it: plain text, with {@code Retry-After})
 * @param errorCount how many affected requests get {@code errorCode}; -1 = until cleared
 * @param clients the client names affected; empty = every client, including anonymous
 * @param refuse answer 403 Forbidden (an RBAC denial) to affected clients
 * @param hang accept affected requests but answer none until the plan is cleared or replaced
 * @param retryAfterSeconds the {@code Retry-After} header of the injected errors, whole seconds; -1
 *     = none (a 429 then says 1, as max-in-flight does)
 * @param watchCloseMinMillis with {@code watchCloseMaxMillis}: every watch affected clients open
 *     while the plan is in force ends after a random span in [min, max] ms, with a last BOOKMARK
 *     when bookmarks were asked for, as kube-apiserver ends a watch at its random {@code
 *     timeoutSeconds}; 0 = as requested
 */
public record FaultPlan(
        long latencyMillis,
        int errorCode,
        int errorCount,
        Set<String> clients,
        boolean refuse,
        boolean hang,
        int retryAfterSeconds,
        long watchCloseMinMillis,
        long watchCloseMaxMillis) {

    public FaultPlan {
        clients = Set.copyOf(clients);
        if (watchCloseMinMillis < 0 || watchCloseMaxMillis < watchCloseMinMillis) {
            throw new IllegalArgumentException(
                    "closeWatchesAfterMillis needs 0 <= min <= max, not ["
                            + watchCloseMinMillis
                            + ", "
                            + watchCloseMaxMillis
                            + "]");
        }
    }

    public static FaultPlan none() {
        return new FaultPlan(0, 0, 0, Set.of(), false, false, -1, 0, 0);
    }

    public FaultPlan withLatency(Duration latency) {
        return new FaultPlan(
                latency.toMillis(),
                errorCode,
                errorCount,
                clients,
                refuse,
                hang,
                retryAfterSeconds,
                watchCloseMinMillis,
                watchCloseMaxMillis);
    }

    /**
     * @param count how many requests fail; -1 = until cleared
     */
    public FaultPlan withErrors(int code, int count) {
        return new FaultPlan(
                latencyMillis,
                code,
                count,
                clients,
                refuse,
                hang,
                retryAfterSeconds,
                watchCloseMinMillis,
                watchCloseMaxMillis);
    }

    /** The injected errors carry {@code Retry-After: seconds}. */
    public FaultPlan withRetryAfter(int seconds) {
        return new FaultPlan(
                latencyMillis,
                errorCode,
                errorCount,
                clients,
                refuse,
                hang,
                seconds,
                watchCloseMinMillis,
                watchCloseMaxMillis);
    }

    /** Watches opened from now end after a random span in [min, max]. */
    public FaultPlan withWatchesClosedAfter(Duration min, Duration max) {
        return new FaultPlan(
                latencyMillis,
                errorCode,
                errorCount,
                clients,
                refuse,
                hang,
                retryAfterSeconds,
                min.toMillis(),
                max.toMillis());
    }

    public FaultPlan withRefusal() {
        return new FaultPlan(
                latencyMillis,
                errorCode,
                errorCount,
                clients,
                true,
                hang,
                retryAfterSeconds,
                watchCloseMinMillis,
                watchCloseMaxMillis);
    }

    public FaultPlan withHang() {
        return new FaultPlan(
                latencyMillis,
                errorCode,
                errorCount,
                clients,
                refuse,
                true,
                retryAfterSeconds,
                watchCloseMinMillis,
                watchCloseMaxMillis);
    }

    public FaultPlan forClients(String... names) {
        return new FaultPlan(
                latencyMillis,
                errorCode,
                errorCount,
                new LinkedHashSet<>(Arrays.asList(names)),
                refuse,
                hang,
                retryAfterSeconds,
                watchCloseMinMillis,
                watchCloseMaxMillis);
    }

    boolean affects(String client) {
        return clients.isEmpty() || clients.contains(client);
    }

    boolean isNone() {
        return latencyMillis == 0 && errorCode == 0 && !refuse && !hang && watchCloseMaxMillis == 0;
    }

    /**
     * How long a watch {@code client} opens now may stay open, nanos, as a random draw from the
     * close window; {@code Long.MAX_VALUE} when the plan does not shorten it.
     */
    long watchLifetimeNanos(String client) {
        if (watchCloseMaxMillis == 0 || !affects(client)) {
            return Long.MAX_VALUE;
        }
        long millis =
                watchCloseMinMillis
                        + ThreadLocalRandom.current()
                                .nextLong(watchCloseMaxMillis - watchCloseMinMillis + 1);
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /**
     * Parses the POST /_dev/faults body; absent fields are off, errorCount defaults to -1, {@code
     * closeWatchesAfterMillis} is {@code [min, max]}.
     */
    static FaultPlan fromJson(JsonObject json) {
        Set<String> clients = new LinkedHashSet<>();
        if (json.get("clients") instanceof JsonArray array) {
            for (JsonElement client : array) {
                clients.add(client.getAsString());
            }
        }
        long closeMin = 0;
        long closeMax = 0;
        if (json.get("closeWatchesAfterMillis") instanceof JsonArray window) {
            if (window.size() != 2) {
                throw new IllegalArgumentException("closeWatchesAfterMillis must be [min, max]");
            }
            closeMin = window.get(0).getAsLong();
            closeMax = window.get(1).getAsLong();
        }
        return new FaultPlan(
                json.has("latencyMillis") ? json.get("latencyMillis").getAsLong() : 0,
                json.has("errorCode") ? json.get("errorCode").getAsInt() : 0,
                json.has("errorCount") ? json.get("errorCount").getAsInt() : -1,
                clients,
                json.has("refuse") && json.get("refuse").getAsBoolean(),
                json.has("hang") && json.get("hang").getAsBoolean(),
                json.has("retryAfterSeconds") ? json.get("retryAfterSeconds").getAsInt() : -1,
                closeMin,
                closeMax);
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
        json.addProperty("retryAfterSeconds", retryAfterSeconds);
        JsonArray window = new JsonArray();
        window.add(watchCloseMinMillis);
        window.add(watchCloseMaxMillis);
        json.add("closeWatchesAfterMillis", window);
        return json;
    }
}
