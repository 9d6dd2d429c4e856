package io.leadergate.devserver;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;

/** Small accessors over Lease JSON, keeping the apiserver's field order in what we render. */
final class LeaseJson {
    private LeaseJson() {}

    static LeaseStore.Key key(JsonObject lease) {
        JsonObject metadata = lease.getAsJsonObject("metadata");
        return new LeaseStore.Key(
                metadata.get("namespace").getAsString(), metadata.get("name").getAsString());
    }

    static long resourceVersion(JsonObject lease) {
        return Long.parseLong(
                lease.getAsJsonObject("metadata").get("resourceVersion").getAsString());
    }

    static String metadataString(JsonObject lease, String field) {
        JsonElement value = lease.getAsJsonObject("metadata").get(field);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    /**
     * Sets the server-owned metadata and reorders it as the apiserver renders ObjectMeta: name,
     * namespace, uid, resourceVersion, creationTimestamp, then whatever else the client sent.
     */
    static void setServerFields(
            JsonObject lease, String uid, String created, long resourceVersion) {
        JsonObject sent = lease.getAsJsonObject("metadata");
        JsonObject metadata = new JsonObject();
        copyIfPresent(sent, metadata, "name");
        copyIfPresent(sent, metadata, "generateName");
        copyIfPresent(sent, metadata, "namespace");
        metadata.addProperty("uid", uid);
        metadata.addProperty("resourceVersion", Long.toString(resourceVersion));
        metadata.addProperty("creationTimestamp", created);
        for (Map.Entry<String, JsonElement> field : sent.entrySet()) {
            if (!metadata.has(field.getKey())) {
                metadata.add(field.getKey(), field.getValue());
            }
        }
        // Lease has no generation, and the server owns selfLink-like fields; drop client attempts.
        metadata.remove("generation");
        metadata.remove("selfLink");
        metadata.remove("deletionTimestamp");
        metadata.remove("deletionGracePeriodSeconds");
        lease.add("metadata", metadata);
        JsonElement spec = lease.remove("spec");
        if (spec != null) {
            lease.add("spec", spec); // keep spec after metadata
        }
    }

    private static void copyIfPresent(JsonObject from, JsonObject to, String field) {
        JsonElement value = from.get(field);
        if (value != null) {
            to.add(field, value);
        }
    }
}
