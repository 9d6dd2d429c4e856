package io.leadergate.agent.election;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Lease objects as raw JSON, read and written without client-java's generated models.
 *
 * <p>Why not {@code V1Lease}: in client-java 27 its {@code validateJsonElement} throws {@code
 * IllegalArgumentException} on any field it does not know, at any depth (a spec field added by a
 * newer Kubernetes, a new {@code managedFields} attribute), and serialising a {@code V1Lease} would
 * drop such fields on UPDATE. Here unknown fields are kept untouched, null or missing fields read
 * as defaults, and a value of the wrong type reads as absent.
 *
 * <p>{@code spec.preferredHolder} is mirrored in the annotation {@link
 * #PREFERRED_HOLDER_ANNOTATION} on every write, and read from it when the spec has none: a
 * kube-apiserver without the CoordinatedLeaderElection feature gate silently drops {@code
 * spec.preferredHolder} and {@code spec.strategy}, but keeps annotations, so a hand-over request
 * (see {@code Spread}) still reaches the holder. Electors that know neither (client-go's) keep the
 * annotation as they keep any metadata and ignore it.
 */
final class LeaseJson {

    static final String API_VERSION = "coordination.k8s.io/v1";
    static final String KIND = "Lease";

    /** Where a {@code preferredHolder} survives an API server that drops the spec field. */
    static final String PREFERRED_HOLDER_ANNOTATION = "leadergate.io/preferred-holder";

    private LeaseJson() {}

    /** Parses a Lease object; fails only when the text is not a JSON object. */
    static LeaseSnapshot parse(String json) throws LeaseApiException {
        return snapshot(jsonObject(json, "a Lease"));
    }

    /**
     * Parses one line of a watch stream, {@code {"type": ..., "object": ...}}, with the same
     * tolerance as {@link #parse}. Fails when the line is not a watch event (say, a Lease list from
     * a server that ignored {@code watch=true}) or has a type no Kubernetes version sends.
     */
    static WatchEvent parseEvent(String line) throws LeaseApiException {
        JsonObject event = jsonObject(line, "a watch event");
        String type = string(event, "type");
        JsonObject object = child(event, "object");
        if (type == null || object == null) {
            throw notA("a watch event", "no type or object in " + LeaseJson.statusMessage(line));
        }
        switch (type) {
            case "ADDED":
            case "MODIFIED":
            case "DELETED":
                return WatchEvent.change(WatchEvent.Type.valueOf(type), snapshot(object));
            case "BOOKMARK":
                return WatchEvent.bookmark(string(child(object, "metadata"), "resourceVersion"));
            case "ERROR":
                return WatchEvent.error(integer(object, "code"), string(object, "message"));
            default:
                throw notA("a watch event", "unknown event type " + type);
        }
    }

    private static LeaseSnapshot snapshot(JsonObject object) {
        JsonObject metadata = child(object, "metadata");
        return new LeaseSnapshot(
                record(child(object, "spec"), metadata),
                string(metadata, "resourceVersion"),
                object.toString());
    }

    private static JsonObject jsonObject(String json, String what) throws LeaseApiException {
        try {
            JsonElement root = JsonParser.parseString(json);
            if (!root.isJsonObject()) {
                throw new JsonParseException("not a JSON object");
            }
            return root.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw notA(what, e.getMessage());
        }
    }

    private static LeaseApiException notA(String what, String why) {
        return new LeaseApiException(
                200,
                LeaseApiException.Kind.OTHER,
                "API server answered with something that is not " + what + ": " + why,
                null);
    }

    /** The spec of {@code object} read as a record; every field optional. */
    static LeaseRecord record(JsonObject spec) {
        return record(spec, null);
    }

    /**
     * As {@link #record(JsonObject)}, the preferred holder taken from {@code metadata}'s annotation
     * when the spec has none.
     */
    static LeaseRecord record(JsonObject spec, JsonObject metadata) {
        String preferred = string(spec, "preferredHolder");
        if (preferred == null) {
            preferred = string(child(metadata, "annotations"), PREFERRED_HOLDER_ANNOTATION);
        }
        return new LeaseRecord(
                string(spec, "holderIdentity"),
                integer(spec, "leaseDurationSeconds"),
                MicroTime.parseOrNull(string(spec, "acquireTime")),
                MicroTime.parseOrNull(string(spec, "renewTime")),
                integer(spec, "leaseTransitions"),
                preferred,
                string(spec, "strategy"));
    }

    /**
     * True when {@code written} (the server's answer to a write that set a preferred holder)
     * carries it in the annotation only: the server dropped the spec field.
     */
    static boolean specDroppedPreference(LeaseSnapshot written) {
        if (written.objectJson() == null) {
            return false;
        }
        try {
            JsonObject object = JsonParser.parseString(written.objectJson()).getAsJsonObject();
            return string(child(object, "spec"), "preferredHolder") == null;
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /** Body of a CREATE: a fresh Lease named {@code namespace/name} holding {@code record}. */
    static String newObject(String namespace, String name, LeaseRecord record) {
        JsonObject object = new JsonObject();
        object.addProperty("apiVersion", API_VERSION);
        object.addProperty("kind", KIND);
        JsonObject metadata = new JsonObject();
        metadata.addProperty("name", name);
        metadata.addProperty("namespace", namespace);
        object.add("metadata", metadata);
        writePreference(metadata, record);
        JsonObject spec = new JsonObject();
        writeSpec(spec, record);
        object.add("spec", spec);
        return object.toString();
    }

    /**
     * Body of an UPDATE: {@code base}'s object (metadata with its resourceVersion, unknown fields)
     * with the elector's spec fields replaced by {@code next}'s; other spec fields are kept.
     */
    static String updatedObject(
            String namespace, String name, LeaseSnapshot base, LeaseRecord next) {
        if (base.objectJson() == null) {
            JsonObject object =
                    JsonParser.parseString(newObject(namespace, name, next)).getAsJsonObject();
            if (base.resourceVersion() != null) {
                object.getAsJsonObject("metadata")
                        .addProperty("resourceVersion", base.resourceVersion());
            }
            return object.toString();
        }
        JsonObject object = JsonParser.parseString(base.objectJson()).getAsJsonObject();
        // Always sent: an object read through a lenient path may lack them, and the server needs
        // them.
        object.addProperty("apiVersion", API_VERSION);
        object.addProperty("kind", KIND);
        JsonElement spec = object.get("spec");
        if (spec == null || !spec.isJsonObject()) {
            spec = new JsonObject();
            object.add("spec", spec);
        }
        writeSpec(spec.getAsJsonObject(), next);
        JsonElement metadata = object.get("metadata");
        if (metadata != null && metadata.isJsonObject()) {
            writePreference(metadata.getAsJsonObject(), next);
        }
        return object.toString();
    }

    /** The preferred holder's annotation: set with it, removed without it. */
    private static void writePreference(JsonObject metadata, LeaseRecord r) {
        JsonObject annotations = child(metadata, "annotations");
        String preferred = r.preferredHolder();
        if (preferred == null || preferred.isEmpty()) {
            if (annotations != null) {
                annotations.remove(PREFERRED_HOLDER_ANNOTATION);
            }
            return;
        }
        if (annotations == null) {
            annotations = new JsonObject();
            metadata.add("annotations", annotations);
        }
        annotations.addProperty(PREFERRED_HOLDER_ANNOTATION, preferred);
    }

    /**
     * Writes the fields client-go's LeaseLock writes: holder as {@code ""} when free, times as
     * MicroTime.
     */
    private static void writeSpec(JsonObject spec, LeaseRecord r) {
        spec.addProperty("holderIdentity", r.holderIdentity());
        spec.addProperty("leaseDurationSeconds", r.leaseDurationSeconds());
        putOrRemove(
                spec,
                "acquireTime",
                r.acquireTime() == null ? null : MicroTime.format(r.acquireTime()));
        putOrRemove(
                spec, "renewTime", r.renewTime() == null ? null : MicroTime.format(r.renewTime()));
        spec.addProperty("leaseTransitions", r.leaseTransitions());
        putOrRemove(spec, "preferredHolder", r.preferredHolder());
        putOrRemove(spec, "strategy", r.strategy());
    }

    private static void putOrRemove(JsonObject o, String key, String value) {
        if (value == null) {
            o.remove(key);
        } else {
            o.addProperty(key, value);
        }
    }

    private static JsonObject child(JsonObject o, String key) {
        JsonElement e = o == null ? null : o.get(key);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    private static String string(JsonObject o, String key) {
        JsonPrimitive p = primitive(o, key);
        return p == null ? null : p.getAsString();
    }

    private static int integer(JsonObject o, String key) {
        JsonPrimitive p = primitive(o, key);
        if (p == null) {
            return 0;
        }
        try {
            return p.getAsInt();
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static JsonPrimitive primitive(JsonObject o, String key) {
        JsonElement e = o == null ? null : o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsJsonPrimitive() : null;
    }

    /** The {@code message} of a Kubernetes Status body, or the body itself (shortened). */
    static String statusMessage(String body) {
        if (body == null || body.isEmpty()) {
            return "";
        }
        try {
            JsonElement root = JsonParser.parseString(body);
            if (root.isJsonObject()) {
                String message = string(root.getAsJsonObject(), "message");
                if (message != null) {
                    return message;
                }
            }
        } catch (JsonParseException e) {
            // Not JSON (a proxy's HTML error page): fall through to the raw text.
        }
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
