package io.leadergate.devserver;

import com.google.gson.JsonObject;

/** A request that ends in a {@code metav1.Status} failure; thrown by handlers, written once. */
final class StatusException extends RuntimeException {
    private final JsonObject status;
    private final int retryAfterSeconds;
    private final String plainText;

    StatusException(JsonObject status) {
        this(status, -1, null);
    }

    /**
     * @param retryAfterSeconds the {@code Retry-After} header to send; -1 = none
     * @param plainText a text/plain body sent instead of the Status (APF's 429); null = the Status
     */
    StatusException(JsonObject status, int retryAfterSeconds, String plainText) {
        super(status.get("message").getAsString(), null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
        this.plainText = plainText;
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    String plainText() {
        return plainText;
    }

    int code() {
        return status.get("code").getAsInt();
    }

    JsonObject status() {
        return status.deepCopy();
    }
}
