package io.leadergate.devserver;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a request body into a Lease JSON object the way the apiserver's decoder would: wrong JSON
 * types and malformed times are 400 BadRequest (they fail decoding, before validation), a foreign
 * apiVersion or kind is 400 too, and MicroTime fields are re-rendered in UTC with exactly six
 * fractional digits. Fields the Lease schema does not declare are pruned and reported, so the
 * request's {@code fieldValidation} decides between dropping them silently, a warning, or 400.
 */
final class LeaseDecoder {
    static final String API_VERSION = "coordination.k8s.io/v1";
    static final String KIND = "Lease";

    /**
     * metav1.MicroTime parses with Go layout {@code 2006-01-02T15:04:05.000000Z07:00}: exactly six
     * fractional digits; {@code .123Z} or nine digits are rejected by a real server.
     */
    private static final Pattern MICRO_TIME =
            Pattern.compile(
                    "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}(Z|[+-]\\d{2}:\\d{2})");

    private static final DateTimeFormatter MICRO_TIME_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");

    private LeaseDecoder() {}

    /** Parses raw bytes; anything but a JSON object is 400. */
    static JsonObject parseObject(byte[] body) {
        JsonElement element;
        try {
            // Strict: the apiserver rejects unquoted names, comments and trailing data.
            JsonReader reader =
                    new JsonReader(new StringReader(new String(body, StandardCharsets.UTF_8)));
            reader.setStrictness(Strictness.STRICT);
            element = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("unexpected data after the top-level value");
            }
        } catch (JsonParseException | IllegalStateException | IOException e) {
            throw StatusBodies.undecodable("invalid JSON: " + firstSentence(rootMessage(e)));
        }
        if (!element.isJsonObject()) {
            throw StatusBodies.undecodable("expected a JSON object, got " + describe(element));
        }
        return element.getAsJsonObject();
    }

    private static final Set<String> TOP_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> METADATA_FIELDS =
            Set.of(
                    "name",
                    "generateName",
                    "namespace",
                    "selfLink",
                    "uid",
                    "resourceVersion",
                    "generation",
                    "creationTimestamp",
                    "deletionTimestamp",
                    "deletionGracePeriodSeconds",
                    "labels",
                    "annotations",
                    "ownerReferences",
                    "finalizers",
                    "managedFields");
    private static final Set<String> SPEC_FIELDS =
            Set.of(
                    "holderIdentity",
                    "leaseDurationSeconds",
                    "acquireTime",
                    "renewTime",
                    "leaseTransitions",
                    "strategy",
                    "preferredHolder");

    /** Decodes a Lease document into its canonical form (a new object), pruning unknown fields. */
    static JsonObject decode(JsonObject raw) {
        return decode(raw, new ArrayList<>());
    }

    /**
     * As {@link #decode(JsonObject)}, adding the path of every field the Lease schema does not
     * declare to {@code unknown} ({@code spec.foo}); such fields are pruned, as the apiserver does.
     */
    static JsonObject decode(JsonObject raw, List<String> unknown) {
        checkTypeMeta(raw, API_VERSION, KIND);
        for (String key : raw.keySet()) {
            if (!TOP_FIELDS.contains(key) && !key.equals("status")) {
                unknown.add(key);
            }
        }
        JsonObject lease = new JsonObject();
        lease.addProperty("kind", KIND);
        lease.addProperty("apiVersion", API_VERSION);
        lease.add("metadata", decodeMetadata(raw.get("metadata"), unknown));
        JsonElement spec = raw.get("spec");
        if (spec != null && !spec.isJsonNull()) {
            lease.add("spec", decodeSpec(spec, unknown));
        }
        return lease;
    }

    /** A foreign apiVersion or kind in the body is 400, as the apiserver's decoder answers. */
    static void checkTypeMeta(JsonObject raw, String expectedApiVersion, String expectedKind) {
        String apiVersion = optionalString(raw, "apiVersion", "apiVersion");
        if (apiVersion != null && !apiVersion.isEmpty() && !apiVersion.equals(expectedApiVersion)) {
            throw StatusBodies.badRequest(
                    "the API version in the data ("
                            + apiVersion
                            + ") does not match the expected API version ("
                            + expectedApiVersion
                            + ")");
        }
        String kind = optionalString(raw, "kind", "kind");
        if (kind != null && !kind.isEmpty() && !kind.equals(expectedKind)) {
            throw StatusBodies.badRequest(
                    "no kind \""
                            + kind
                            + "\" is registered for version \""
                            + expectedApiVersion
                            + "\"");
        }
    }

    /** ObjectMeta, type-checked, unknown fields pruned and reported as {@code metadata.x}. */
    static JsonObject decodeMetadata(JsonElement element, List<String> unknown) {
        if (element == null || element.isJsonNull()) {
            return new JsonObject();
        }
        JsonObject metadata = requireObject(element, "metadata");
        JsonObject copy = new JsonObject();
        for (Map.Entry<String, JsonElement> field : metadata.entrySet()) {
            String key = field.getKey();
            JsonElement value = field.getValue();
            if (value.isJsonNull()) {
                continue; // Go decodes null as "unset"; it is omitted on the way out
            }
            switch (key) {
                case "name",
                        "generateName",
                        "namespace",
                        "uid",
                        "resourceVersion",
                        "creationTimestamp" ->
                        requireString(value, "metadata." + key);
                case "labels", "annotations" -> requireStringMap(value, "metadata." + key);
                case "generation" ->
                        requireInteger(
                                value, "metadata.generation", Long.MIN_VALUE, Long.MAX_VALUE);
                default -> {}
            }
            if (!METADATA_FIELDS.contains(key)) {
                unknown.add("metadata." + key);
                continue;
            }
            copy.add(key, value.deepCopy());
        }
        return copy;
    }

    private static JsonObject decodeSpec(JsonElement element, List<String> unknown) {
        JsonObject spec = requireObject(element, "spec");
        JsonObject copy = new JsonObject();
        for (Map.Entry<String, JsonElement> field : spec.entrySet()) {
            String key = field.getKey();
            JsonElement value = field.getValue();
            if (value.isJsonNull()) {
                continue;
            }
            String path = "spec." + key;
            switch (key) {
                case "holderIdentity", "strategy", "preferredHolder" -> requireString(value, path);
                case "leaseDurationSeconds", "leaseTransitions" ->
                        requireInteger(value, path, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case "acquireTime", "renewTime" ->
                        value = new JsonPrimitive(microTime(value, path));
                default -> {
                    unknown.add(path); // pruned (see class comment)
                    continue;
                }
            }
            copy.add(key, value.deepCopy());
        }
        return copy;
    }

    /** Renders a MicroTime in UTC with six fractional digits, as Go's MarshalJSON does. */
    static String microTime(JsonElement value, String path) {
        String text = requireString(value, path);
        if (!MICRO_TIME.matcher(text).matches()) {
            throw StatusBodies.undecodable(
                    path
                            + ": parsing time \""
                            + text
                            + "\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse");
        }
        return OffsetDateTime.parse(text)
                .withOffsetSameInstant(ZoneOffset.UTC)
                .format(MICRO_TIME_FORMAT);
    }

    static JsonObject requireObject(JsonElement value, String path) {
        if (!value.isJsonObject()) {
            throw typeError(path, "object", value);
        }
        return value.getAsJsonObject();
    }

    private static String optionalString(JsonObject object, String key, String path) {
        JsonElement value = object.get(key);
        return value == null || value.isJsonNull() ? null : requireString(value, path);
    }

    static String requireString(JsonElement value, String path) {
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw typeError(path, "string", value);
        }
        return value.getAsString();
    }

    private static void requireStringMap(JsonElement value, String path) {
        for (Map.Entry<String, JsonElement> entry : requireObject(value, path).entrySet()) {
            if (!entry.getValue().isJsonNull()) {
                requireString(entry.getValue(), path + "." + entry.getKey());
            }
        }
    }

    static void requireInteger(JsonElement value, String path, long min, long max) {
        boolean number = value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber();
        String literal = number ? value.getAsJsonPrimitive().getAsString() : null;
        if (!number || !INTEGER.matcher(literal).matches()) {
            throw typeError(path, "integer", value);
        }
        try {
            long parsed = Long.parseLong(literal);
            if (parsed < min || parsed > max) {
                throw typeError(path, "integer in range", value);
            }
        } catch (NumberFormatException e) {
            throw typeError(path, "integer in range", value);
        }
    }

    static StatusException typeError(String path, String expected, JsonElement actual) {
        return StatusBodies.undecodable(
                "json: cannot unmarshal "
                        + describe(actual)
                        + " into field "
                        + path
                        + " of type "
                        + expected);
    }

    private static String describe(JsonElement element) {
        if (element.isJsonObject()) {
            return "object";
        } else if (element.isJsonArray()) {
            return "array";
        } else if (element.isJsonNull()) {
            return "null";
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        if (primitive.isBoolean()) {
            return "bool";
        }
        return primitive.isNumber() ? "number " + primitive.getAsString() : "string";
    }

    /** Gson appends troubleshooting advice; keep only what went wrong and where. */
    private static String firstSentence(String message) {
        String trimmed =
                message.replaceFirst(
                        "^Use JsonReader\\.setStrictness\\(Strictness\\.LENIENT\\) to accept ", "");
        int advice = trimmed.indexOf("\nSee ");
        return advice < 0 ? trimmed : trimmed.substring(0, advice);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
