package io.leadergate.devserver;

import com.google.gson.JsonObject;

/** A request that ends in a {@code metav1.Status} failure; thrown by handlers, written once. */
final class StatusException extends RuntimeException {
    private final JsonObject status;

    StatusException(JsonObject status) {
        super(status.get("message").getAsString(), null, false, false);
        this.status = status;
    }

    int code() {
        return status.get("code").getAsInt();
    }

    JsonObject status() {
        return status.deepCopy();
    }
}
