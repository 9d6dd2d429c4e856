package io.leadergate.devserver;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Chooses the patch algorithm from the Content-Type, as the apiserver's patch handler does: merge
 * patch (RFC 7386), strategic merge patch (identical for Lease, which has no merge-keyed lists),
 * and JSON patch (RFC 6902). Server-side apply is {@link ManagedFields#apply}; anything else is
 * 415.
 */
final class Patches {
    private Patches() {}

    /**
     * Parses the patch now (so a malformed one fails before any locking) and returns the function
     * that applies it to the current object.
     */
    /** The media type without parameters, lower case; "" when absent. */
    static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    }

    static UnaryOperator<JsonObject> parse(String contentType, byte[] body) {
        switch (mediaType(contentType)) {
            case "application/merge-patch+json", "application/strategic-merge-patch+json" -> {
                JsonElement patch = LeaseDecoder.parseObject(body);
                return current -> MergePatch.apply(current, patch).getAsJsonObject();
            }
            case "application/json-patch+json" -> {
                var operations = JsonPatch.parse(body);
                return current -> JsonPatch.apply(current, operations);
            }
            default -> throw StatusBodies.unsupportedMediaType(contentType);
        }
    }
}
