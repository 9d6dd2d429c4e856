package io.leadergate.devserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6902 JSON patch (add, remove, replace, move, copy, test), for clients that patch Leases with
 * {@code application/json-patch+json}. A malformed patch is 400; an operation that cannot apply
 * (missing path, failed test) is 422, as the apiserver answers.
 */
final class JsonPatch {
    private JsonPatch() {}

    static JsonArray parse(byte[] body) {
        JsonElement element;
        try {
            element =
                    com.google.gson.JsonParser.parseString(
                            new String(body, java.nio.charset.StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw StatusBodies.badRequest("invalid JSON patch: " + e.getMessage());
        }
        if (!element.isJsonArray()) {
            throw StatusBodies.badRequest(
                    "json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }
        return element.getAsJsonArray();
    }

    /** Returns a patched copy of {@code target}. */
    static JsonObject apply(JsonObject target, JsonArray patch) {
        JsonElement document = target.deepCopy();
        for (JsonElement element : patch) {
            if (!element.isJsonObject()) {
                throw StatusBodies.badRequest("invalid JSON patch operation: " + element);
            }
            JsonObject operation = element.getAsJsonObject();
            String op = string(operation, "op");
            String path = string(operation, "path");
            switch (op) {
                case "add" -> document = add(document, path, value(operation));
                case "remove" -> remove(document, path);
                case "replace" -> {
                    get(document, path);
                    remove(document, path);
                    document = add(document, path, value(operation));
                }
                case "move" -> {
                    JsonElement moved = get(document, string(operation, "from"));
                    remove(document, string(operation, "from"));
                    document = add(document, path, moved);
                }
                case "copy" ->
                        document =
                                add(
                                        document,
                                        path,
                                        get(document, string(operation, "from")).deepCopy());
                case "test" -> {
                    if (!get(document, path).equals(value(operation))) {
                        throw unprocessable("testing value " + path + " failed: test failed");
                    }
                }
                default -> throw StatusBodies.badRequest("Unexpected kind: " + op);
            }
        }
        if (!document.isJsonObject()) {
            throw unprocessable("the patched document is not an object");
        }
        return document.getAsJsonObject();
    }

    private static JsonElement add(JsonElement document, String path, JsonElement value) {
        List<String> tokens = tokens(path);
        if (tokens.isEmpty()) {
            return value.deepCopy();
        }
        JsonElement parent = resolve(document, tokens.subList(0, tokens.size() - 1), path);
        String last = tokens.get(tokens.size() - 1);
        if (parent.isJsonObject()) {
            parent.getAsJsonObject().add(last, value.deepCopy());
        } else if (parent.isJsonArray()) {
            JsonArray array = parent.getAsJsonArray();
            int index = last.equals("-") ? array.size() : index(last, array.size() + 1, path);
            List<JsonElement> items = new ArrayList<>(array.asList());
            items.add(index, value.deepCopy());
            array.asList().clear();
            items.forEach(array::add);
        } else {
            throw unprocessable(
                    "add operation does not apply: doc is missing path: \"" + path + "\"");
        }
        return document;
    }

    private static void remove(JsonElement document, String path) {
        List<String> tokens = tokens(path);
        if (tokens.isEmpty()) {
            throw unprocessable("cannot remove the whole document");
        }
        JsonElement parent = resolve(document, tokens.subList(0, tokens.size() - 1), path);
        String last = tokens.get(tokens.size() - 1);
        if (parent.isJsonObject() && parent.getAsJsonObject().has(last)) {
            parent.getAsJsonObject().remove(last);
        } else if (parent.isJsonArray()) {
            parent.getAsJsonArray().remove(index(last, parent.getAsJsonArray().size(), path));
        } else {
            throw unprocessable(
                    "remove operation does not apply: doc is missing path: \"" + path + "\"");
        }
    }

    private static JsonElement get(JsonElement document, String path) {
        return resolve(document, tokens(path), path);
    }

    private static JsonElement resolve(JsonElement document, List<String> tokens, String path) {
        JsonElement current = document;
        for (String token : tokens) {
            if (current != null && current.isJsonObject()) {
                current = current.getAsJsonObject().get(token);
            } else if (current != null && current.isJsonArray()) {
                current =
                        current.getAsJsonArray()
                                .get(index(token, current.getAsJsonArray().size(), path));
            } else {
                current = null;
            }
            if (current == null) {
                throw unprocessable("doc is missing path: \"" + path + "\"");
            }
        }
        return current;
    }

    private static int index(String token, int limit, String path) {
        try {
            int index = Integer.parseInt(token);
            if (index >= 0 && index < limit) {
                return index;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw unprocessable("index out of bounds in path \"" + path + "\"");
    }

    private static List<String> tokens(String path) {
        List<String> tokens = new ArrayList<>();
        if (path.isEmpty()) {
            return tokens;
        }
        if (!path.startsWith("/")) {
            throw StatusBodies.badRequest(
                    "JSON pointer must be empty or start with a \"/\": " + path);
        }
        for (String raw : path.substring(1).split("/", -1)) {
            tokens.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static String string(JsonObject operation, String field) {
        JsonElement value = operation.get(field);
        if (value == null || !value.isJsonPrimitive()) {
            throw StatusBodies.badRequest(
                    "invalid JSON patch operation: missing \"" + field + "\"");
        }
        return value.getAsString();
    }

    private static JsonElement value(JsonObject operation) {
        JsonElement value = operation.get("value");
        if (value == null) {
            throw StatusBodies.badRequest("invalid JSON patch operation: missing \"value\"");
        }
        return value;
    }

    private static StatusException unprocessable(String message) {
        return new StatusException(StatusBodies.body(422, "Invalid", message, null));
    }
}
