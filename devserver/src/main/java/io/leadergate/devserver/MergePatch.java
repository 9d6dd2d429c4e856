package io.leadergate.devserver;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;

/**
 * RFC 7386 JSON merge patch. Leases have no list fields with patch-merge keys, so a strategic merge
 * patch on a Lease behaves exactly like a merge patch.
 */
final class MergePatch {
    private MergePatch() {}

    /** Returns {@code target} patched by {@code patch}; neither argument is modified. */
    static JsonElement apply(JsonElement target, JsonElement patch) {
        if (!patch.isJsonObject()) {
            return patch.deepCopy();
        }
        JsonObject result =
                target != null && target.isJsonObject()
                        ? target.getAsJsonObject().deepCopy()
                        : new JsonObject();
        for (Map.Entry<String, JsonElement> member : patch.getAsJsonObject().entrySet()) {
            if (member.getValue().isJsonNull()) {
                result.remove(member.getKey());
            } else {
                result.add(member.getKey(), apply(result.get(member.getKey()), member.getValue()));
            }
        }
        return result;
    }
}
