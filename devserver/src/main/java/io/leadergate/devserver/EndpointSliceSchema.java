package io.leadergate.devserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.leadergate.devserver.StatusBodies.Cause;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The discovery.k8s.io/v1 EndpointSlice schema: decoding with pruning (the fields of {@code
 * EndpointSlice}, {@code Endpoint}, {@code EndpointConditions}, {@code ObjectReference}, {@code
 * EndpointHints} and {@code EndpointPort}), the defaulting of a port's protocol to TCP, the rules
 * of {@code ValidateEndpointSlice} this server enforces (address type, addresses of that type, port
 * names, numbers and protocols, the list bounds) and the printer's cells.
 */
final class EndpointSliceSchema {
    private static final ServedKind KIND = ServedKind.ENDPOINT_SLICES;

    /** A field's type: a scalar, an object of named fields, or a list of one type. */
    private sealed interface Type {}

    private enum Scalar implements Type {
        STRING,
        BOOLEAN,
        INT32
    }

    private record ObjectOf(Map<String, Type> fields) implements Type {}

    private record ListOf(Type items) implements Type {}

    private static final Type STRINGS = new ListOf(Scalar.STRING);
    private static final Type NAMES = new ListOf(new ObjectOf(Map.of("name", Scalar.STRING)));
    private static final ObjectOf ENDPOINT =
            new ObjectOf(
                    Map.of(
                            "addresses",
                            STRINGS,
                            "conditions",
                            new ObjectOf(
                                    Map.of(
                                            "ready", Scalar.BOOLEAN,
                                            "serving", Scalar.BOOLEAN,
                                            "terminating", Scalar.BOOLEAN)),
                            "hostname",
                            Scalar.STRING,
                            "targetRef",
                            new ObjectOf(
                                    Map.of(
                                            "kind", Scalar.STRING,
                                            "namespace", Scalar.STRING,
                                            "name", Scalar.STRING,
                                            "uid", Scalar.STRING,
                                            "apiVersion", Scalar.STRING,
                                            "resourceVersion", Scalar.STRING,
                                            "fieldPath", Scalar.STRING)),
                            "deprecatedTopology",
                            new ObjectOf(Map.of()),
                            "nodeName",
                            Scalar.STRING,
                            "zone",
                            Scalar.STRING,
                            "hints",
                            new ObjectOf(Map.of("forZones", NAMES, "forNodes", NAMES))));
    private static final ObjectOf PORT =
            new ObjectOf(
                    Map.of(
                            "name", Scalar.STRING,
                            "protocol", Scalar.STRING,
                            "port", Scalar.INT32,
                            "appProtocol", Scalar.STRING));

    private static final Set<String> ADDRESS_TYPES = Set.of("IPv4", "IPv6", "FQDN");
    private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");
    private static final Pattern IPV4 =
            Pattern.compile(
                    "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final int MAX_ENDPOINTS = 1000;
    private static final int MAX_ADDRESSES = 100;
    private static final int MAX_PORTS = 100;

    private EndpointSliceSchema() {}

    /** The canonical EndpointSlice (a new object); unknown fields pruned into {@code unknown}. */
    static JsonObject decode(JsonObject raw, List<String> unknown) {
        try {
            return decodeSlice(raw, unknown);
        } catch (StatusException leaseWorded) {
            throw reworded(leaseWorded);
        }
    }

    private static JsonObject decodeSlice(JsonObject raw, List<String> unknown) {
        LeaseDecoder.checkTypeMeta(raw, KIND.apiVersion(), KIND.kind);
        JsonObject slice = new JsonObject();
        slice.addProperty("kind", KIND.kind);
        slice.addProperty("apiVersion", KIND.apiVersion());
        slice.add("metadata", LeaseDecoder.decodeMetadata(raw.get("metadata"), unknown));
        for (Map.Entry<String, JsonElement> field : raw.entrySet()) {
            String key = field.getKey();
            JsonElement value = field.getValue();
            switch (key) {
                case "apiVersion", "kind", "metadata" -> {}
                case "addressType" -> {
                    if (!value.isJsonNull()) {
                        slice.add(key, decode(value, Scalar.STRING, key, unknown));
                    }
                }
                case "endpoints" -> {
                    if (!value.isJsonNull()) {
                        slice.add(key, decode(value, new ListOf(ENDPOINT), key, unknown));
                    }
                }
                case "ports" -> {
                    if (!value.isJsonNull()) {
                        JsonArray ports =
                                decode(value, new ListOf(PORT), key, unknown).getAsJsonArray();
                        for (JsonElement port : ports) {
                            if (!port.getAsJsonObject().has("protocol")) {
                                port.getAsJsonObject().addProperty("protocol", "TCP"); // default
                            }
                        }
                        slice.add(key, ports);
                    }
                }
                default -> unknown.add(key);
            }
        }
        return slice;
    }

    private static JsonElement decode(
            JsonElement value, Type type, String path, List<String> unknown) {
        if (type instanceof Scalar scalar) {
            switch (scalar) {
                case STRING -> LeaseDecoder.requireString(value, path);
                case BOOLEAN -> {
                    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
                        throw LeaseDecoder.typeError(path, "bool", value);
                    }
                }
                case INT32 ->
                        LeaseDecoder.requireInteger(
                                value, path, Integer.MIN_VALUE, Integer.MAX_VALUE);
            }
            return value.deepCopy();
        }
        if (type instanceof ListOf list) {
            if (!value.isJsonArray()) {
                throw LeaseDecoder.typeError(path, "array", value);
            }
            JsonArray copy = new JsonArray();
            for (JsonElement item : value.getAsJsonArray()) {
                copy.add(decode(item, list.items(), path, unknown));
            }
            return copy;
        }
        ObjectOf object = (ObjectOf) type;
        JsonObject copy = new JsonObject();
        for (Map.Entry<String, JsonElement> field :
                LeaseDecoder.requireObject(value, path).entrySet()) {
            Type fieldType = object.fields().get(field.getKey());
            String fieldPath = path + "." + field.getKey();
            if (fieldType == null) {
                unknown.add(fieldPath);
            } else if (!field.getValue().isJsonNull()) {
                copy.add(field.getKey(), decode(field.getValue(), fieldType, fieldPath, unknown));
            }
        }
        return copy;
    }

    /** The decoder's errors name a Lease; an EndpointSlice request gets its own kind named. */
    private static StatusException reworded(StatusException failure) {
        String prefix = "Lease in version \"v1\" cannot be handled as a Lease: ";
        String message = failure.getMessage();
        if (failure.code() == 400 && message.startsWith(prefix)) {
            return StatusBodies.undecodable(KIND, message.substring(prefix.length()));
        }
        return failure;
    }

    /** 422 Invalid with every field error, as {@code ValidateEndpointSlice} words them. */
    static void validate(JsonObject slice) {
        List<Cause> causes = Validation.metadataCauses(slice);
        String addressType = string(slice, "addressType");
        if (addressType == null || addressType.isEmpty()) {
            causes.add(Validation.required("addressType", ""));
        } else if (!ADDRESS_TYPES.contains(addressType)) {
            causes.add(
                    new Cause(
                            "FieldValueNotSupported",
                            "addressType",
                            "Unsupported value: "
                                    + Validation.quoted(addressType)
                                    + ": supported values: \"FQDN\", \"IPv4\", \"IPv6\""));
        }
        JsonArray endpoints = array(slice, "endpoints");
        if (endpoints.size() > MAX_ENDPOINTS) {
            causes.add(tooMany("endpoints", endpoints.size(), MAX_ENDPOINTS));
        }
        for (int i = 0; i < endpoints.size(); i++) {
            JsonArray addresses = array(endpoints.get(i).getAsJsonObject(), "addresses");
            String path = "endpoints[" + i + "].addresses";
            if (addresses.isEmpty()) {
                causes.add(Validation.required(path, "must contain at least 1 address"));
            } else if (addresses.size() > MAX_ADDRESSES) {
                causes.add(tooMany(path, addresses.size(), MAX_ADDRESSES));
            }
            for (int a = 0; a < addresses.size(); a++) {
                String address = addresses.get(a).getAsString();
                String problem = addressProblem(addressType, address);
                if (problem != null) {
                    causes.add(
                            Validation.invalid(
                                    path + "[" + a + "]", Validation.quoted(address), problem));
                }
            }
        }
        JsonArray ports = array(slice, "ports");
        if (ports.size() > MAX_PORTS) {
            causes.add(tooMany("ports", ports.size(), MAX_PORTS));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonObject port = ports.get(i).getAsJsonObject();
            String path = "ports[" + i + "]";
            String name = string(port, "name");
            if (name != null && !name.isEmpty() && !Validation.isNamespaceName(name)) {
                causes.add(
                        Validation.invalid(
                                path + ".name",
                                Validation.quoted(name),
                                "a lowercase RFC 1123 label must consist of lower case alphanumeric"
                                        + " characters or '-', and must start and end with an"
                                        + " alphanumeric character"));
            }
            if (!names.add(name == null ? "" : name)) {
                causes.add(
                        new Cause(
                                "FieldValueDuplicate",
                                path + ".name",
                                "Duplicate value: " + Validation.quoted(name == null ? "" : name)));
            }
            JsonElement number = port.get("port");
            if (number != null && (number.getAsLong() < 1 || number.getAsLong() > 65535)) {
                causes.add(
                        Validation.invalid(
                                path + ".port",
                                number.getAsString(),
                                "must be between 1 and 65535, inclusive"));
            }
            String protocol = string(port, "protocol");
            if (!PROTOCOLS.contains(protocol)) {
                causes.add(
                        new Cause(
                                "FieldValueNotSupported",
                                path + ".protocol",
                                "Unsupported value: "
                                        + Validation.quoted(protocol)
                                        + ": supported values: \"SCTP\", \"TCP\", \"UDP\""));
            }
        }
        if (!causes.isEmpty()) {
            String name = LeaseJson.metadataString(slice, "name");
            throw StatusBodies.invalid(KIND, name == null ? "" : name, causes);
        }
    }

    /** {@code addressType} is immutable, as upstream's ValidateEndpointSliceUpdate. */
    static void checkUpdate(JsonObject current, JsonObject desired) {
        String was = string(current, "addressType");
        String now = string(desired, "addressType");
        if (was != null && !was.equals(now)) {
            throw StatusBodies.invalid(
                    KIND,
                    LeaseJson.metadataString(current, "name"),
                    List.of(
                            Validation.invalid(
                                    "addressType",
                                    Validation.quoted(now == null ? "" : now),
                                    "field is immutable")));
        }
    }

    /**
     * The printer's cells after NAME: ADDRESSTYPE, PORTS (port numbers, the first 3 and "+ N
     * more..."), ENDPOINTS (addresses, likewise), {@code <unset>} for none, as {@code
     * printEndpointSlice}.
     */
    static List<String> cells(JsonObject slice) {
        List<String> ports = new ArrayList<>();
        for (JsonElement port : array(slice, "ports")) {
            JsonElement number = port.getAsJsonObject().get("port");
            String name = string(port.getAsJsonObject(), "name");
            ports.add(number != null ? number.getAsString() : name != null ? name : "*");
        }
        List<String> addresses = new ArrayList<>();
        for (JsonElement endpoint : array(slice, "endpoints")) {
            for (JsonElement address : array(endpoint.getAsJsonObject(), "addresses")) {
                addresses.add(address.getAsString());
            }
        }
        String addressType = string(slice, "addressType");
        return List.of(
                addressType == null ? "" : addressType, firstThree(ports), firstThree(addresses));
    }

    private static String firstThree(List<String> values) {
        if (values.isEmpty()) {
            return "<unset>";
        }
        String shown = String.join(",", values.subList(0, Math.min(3, values.size())));
        return values.size() > 3 ? shown + " + " + (values.size() - 3) + " more..." : shown;
    }

    private static String addressProblem(String addressType, String address) {
        if ("IPv4".equals(addressType)) {
            return IPV4.matcher(address).matches() ? null : "must be a valid IPv4 address";
        }
        if ("IPv6".equals(addressType)) {
            if (address.contains(":")
                    && address.chars().allMatch(EndpointSliceSchema::hexOrColon)) {
                try {
                    InetAddress.getByName(address); // a literal: no name lookup
                    return null;
                } catch (UnknownHostException e) {
                    // reported below
                }
            }
            return "must be a valid IPv6 address";
        }
        if ("FQDN".equals(addressType)) {
            return address.length() <= 253 && address.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")
                    ? null
                    : "must be a valid FQDN";
        }
        return null; // the address type's own error is reported
    }

    private static boolean hexOrColon(int c) {
        return c == ':' || c == '.' || Character.digit(c, 16) >= 0;
    }

    private static Cause tooMany(String field, int actual, int max) {
        return new Cause(
                "FieldValueTooMany",
                field,
                "Too many: " + actual + ": must have at most " + max + " items");
    }

    private static JsonArray array(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value != null && value.isJsonArray() ? value.getAsJsonArray() : new JsonArray();
    }

    private static String string(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value instanceof JsonPrimitive primitive ? primitive.getAsString() : null;
    }
}
