package io.leadergate.devserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Field ownership ({@code metadata.managedFields}) and server-side apply, as kube-apiserver's
 * fieldmanager keeps them for a Lease. A Lease has no lists with merge keys, so a field is a leaf
 * path: a spec field, a label or annotation, or a whole metadata list (finalizers,
 * ownerReferences). Rules:
 *
 * <ul>
 *   <li>An update (create, PUT, merge or JSON patch) by manager M makes M (operation {@code
 *       Update}) own every field it changed, and takes those fields from every other manager.
 *   <li>An apply by M owns exactly the fields of its configuration (operation {@code Apply}). A
 *       field another manager owns with a different value is a conflict (409) unless {@code
 *       force=true}, which takes it over; with the same value the ownership is shared. A field M
 *       applied before and left out now is removed, unless another manager still owns it.
 * </ul>
 */
final class ManagedFields {
    private static final String API_VERSION = LeaseDecoder.API_VERSION;

    /** Joins path segments: label keys contain dots and slashes, never this. */
    private static final String SEP = "\u001f";

    private static final Set<String> UNOWNED_METADATA =
            Set.of(
                    "name",
                    "namespace",
                    "uid",
                    "resourceVersion",
                    "creationTimestamp",
                    "generation",
                    "managedFields",
                    "selfLink",
                    "generateName",
                    "deletionTimestamp",
                    "deletionGracePeriodSeconds");

    private ManagedFields() {}

    /** One managedFields entry: who, how, and which leaf paths. */
    private record Entry(String manager, String operation, String time, Set<String> fields) {}

    /**
     * After an update: {@code desired} gets the managedFields of {@code current} (null on create)
     * plus M's changes.
     */
    static void recordUpdate(JsonObject current, JsonObject desired, String manager) {
        Map<String, JsonElement> before = current == null ? Map.of() : leaves(current);
        Map<String, JsonElement> after = leaves(desired);
        Set<String> changed = new LinkedHashSet<>();
        for (Map.Entry<String, JsonElement> leaf : after.entrySet()) {
            if (!leaf.getValue().equals(before.get(leaf.getKey()))) {
                changed.add(leaf.getKey());
            }
        }
        List<Entry> entries = current == null ? new ArrayList<>() : entries(current);
        List<Entry> result = new ArrayList<>();
        Set<String> mine = new LinkedHashSet<>(changed);
        for (Entry entry : entries) {
            Set<String> kept = new LinkedHashSet<>(entry.fields());
            kept.retainAll(after.keySet());
            if (entry.manager().equals(manager) && entry.operation().equals("Update")) {
                mine.addAll(kept);
                continue;
            }
            kept.removeAll(changed);
            if (!kept.isEmpty()) {
                result.add(new Entry(entry.manager(), entry.operation(), entry.time(), kept));
            }
        }
        if (!mine.isEmpty()) {
            boolean touched = !changed.isEmpty();
            String time = touched ? now() : previousTime(entries, manager, "Update");
            result.add(new Entry(manager, "Update", time, mine));
        }
        write(desired, result);
    }

    /**
     * Server-side apply of {@code config} (decoded, pruned) by {@code manager} onto {@code current}
     * (null when the Lease does not exist yet).
     *
     * @return the object to store, with its managedFields
     * @throws StatusException 409 Conflict listing every conflicting field, unless {@code force}
     */
    static JsonObject apply(JsonObject current, JsonObject config, String manager, boolean force) {
        JsonObject base = current == null ? emptyLike(config) : current.deepCopy();
        Map<String, JsonElement> applied = leaves(config);
        List<Entry> entries = current == null ? new ArrayList<>() : entries(current);
        Map<String, JsonElement> existing = leaves(base);

        Map<String, List<String>> conflicts = new LinkedHashMap<>();
        for (Entry entry : entries) {
            if (entry.manager().equals(manager) && entry.operation().equals("Apply")) {
                continue;
            }
            for (String field : entry.fields()) {
                if (applied.containsKey(field) && !applied.get(field).equals(existing.get(field))) {
                    conflicts.computeIfAbsent(entry.manager(), m -> new ArrayList<>()).add(field);
                }
            }
        }
        if (!conflicts.isEmpty() && !force) {
            throw conflict(conflicts);
        }

        Set<String> previouslyApplied = new LinkedHashSet<>();
        List<Entry> result = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.manager().equals(manager) && entry.operation().equals("Apply")) {
                previouslyApplied.addAll(entry.fields());
                continue;
            }
            Set<String> kept = new LinkedHashSet<>(entry.fields());
            List<String> lost = conflicts.get(entry.manager());
            if (lost != null) {
                kept.removeAll(lost); // force: taken over
            }
            if (!kept.isEmpty()) {
                result.add(new Entry(entry.manager(), entry.operation(), entry.time(), kept));
            }
        }
        Set<String> ownedByOthers = new LinkedHashSet<>();
        for (Entry entry : result) {
            ownedByOthers.addAll(entry.fields());
        }
        for (String field : previouslyApplied) {
            if (!applied.containsKey(field) && !ownedByOthers.contains(field)) {
                remove(base, field);
            }
        }
        for (Map.Entry<String, JsonElement> leaf : applied.entrySet()) {
            set(base, leaf.getKey(), leaf.getValue());
        }
        JsonObject configMeta = config.getAsJsonObject("metadata");
        JsonObject baseMeta = base.getAsJsonObject("metadata");
        for (String precondition : new String[] {"resourceVersion", "uid"}) {
            if (configMeta.has(precondition)) {
                baseMeta.add(precondition, configMeta.get(precondition));
            }
        }
        if (!applied.isEmpty()) {
            result.add(new Entry(manager, "Apply", now(), new LinkedHashSet<>(applied.keySet())));
        }
        write(base, result);
        return base;
    }

    /**
     * The manager of a request that names none: its User-Agent up to the first '/', as upstream.
     */
    static String defaultManager(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "unknown";
        }
        int slash = userAgent.indexOf('/');
        String prefix = (slash < 0 ? userAgent : userAgent.substring(0, slash)).trim();
        return prefix.length() > 128 ? prefix.substring(0, 128) : prefix;
    }

    private static StatusException conflict(Map<String, List<String>> conflicts) {
        int count = conflicts.values().stream().mapToInt(List::size).sum();
        StringBuilder message =
                new StringBuilder(
                        "Apply failed with "
                                + count
                                + " conflict"
                                + (count == 1 ? "" : "s")
                                + ": ");
        JsonArray causes = new JsonArray();
        boolean first = true;
        for (Map.Entry<String, List<String>> byManager : conflicts.entrySet()) {
            String with = "conflict with \"" + byManager.getKey() + "\" using " + API_VERSION;
            for (String field : byManager.getValue()) {
                String shown = "." + String.join(".", field.split(SEP));
                message.append(first ? "" : "\n").append(with).append(": ").append(shown);
                first = false;
                JsonObject cause = new JsonObject();
                cause.addProperty("reason", "FieldManagerConflict");
                cause.addProperty("message", with);
                cause.addProperty("field", shown);
                causes.add(cause);
            }
        }
        JsonObject details = new JsonObject();
        details.add("causes", causes);
        return new StatusException(StatusBodies.body(409, "Conflict", message.toString(), details));
    }

    /** Every owned leaf of a Lease and its value. */
    static Map<String, JsonElement> leaves(JsonObject lease) {
        Map<String, JsonElement> leaves = new LinkedHashMap<>();
        JsonObject metadata = lease.getAsJsonObject("metadata");
        if (metadata != null) {
            for (Map.Entry<String, JsonElement> field : metadata.entrySet()) {
                String key = field.getKey();
                if (UNOWNED_METADATA.contains(key) || field.getValue().isJsonNull()) {
                    continue;
                }
                if ((key.equals("labels") || key.equals("annotations"))
                        && field.getValue().isJsonObject()) {
                    for (Map.Entry<String, JsonElement> entry :
                            field.getValue().getAsJsonObject().entrySet()) {
                        leaves.put(path("metadata", key, entry.getKey()), entry.getValue());
                    }
                } else {
                    leaves.put(path("metadata", key), field.getValue());
                }
            }
        }
        for (Map.Entry<String, JsonElement> field : lease.entrySet()) {
            String key = field.getKey();
            if (key.equals("spec") && field.getValue().isJsonObject()) {
                for (Map.Entry<String, JsonElement> specField :
                        field.getValue().getAsJsonObject().entrySet()) {
                    leaves.put(path("spec", specField.getKey()), specField.getValue());
                }
            } else if (!key.equals("apiVersion")
                    && !key.equals("kind")
                    && !key.equals("metadata")) {
                // Top-level fields of kinds without a spec (an EndpointSlice's addressType,
                // endpoints, ports: atomic lists, so each is one leaf).
                leaves.put(key, field.getValue());
            }
        }
        return leaves;
    }

    private static String apiVersion(JsonObject object) {
        JsonElement apiVersion = object.get("apiVersion");
        return apiVersion == null ? API_VERSION : apiVersion.getAsString();
    }

    private static String path(String... segments) {
        return String.join(SEP, segments);
    }

    private static List<Entry> entries(JsonObject lease) {
        List<Entry> entries = new ArrayList<>();
        JsonElement managed = lease.getAsJsonObject("metadata").get("managedFields");
        if (managed == null || !managed.isJsonArray()) {
            return entries;
        }
        for (JsonElement element : managed.getAsJsonArray()) {
            JsonObject entry = element.getAsJsonObject();
            Set<String> fields = new LinkedHashSet<>();
            if (entry.get("fieldsV1") instanceof JsonObject fieldsV1) {
                collect(fieldsV1, new ArrayList<>(), fields);
            }
            entries.add(
                    new Entry(
                            string(entry, "manager"),
                            string(entry, "operation"),
                            string(entry, "time"),
                            fields));
        }
        return entries;
    }

    private static void collect(JsonObject node, List<String> prefix, Set<String> into) {
        boolean hasChildren = false;
        for (Map.Entry<String, JsonElement> child : node.entrySet()) {
            if (child.getKey().startsWith("f:") && child.getValue().isJsonObject()) {
                hasChildren = true;
                List<String> path = new ArrayList<>(prefix);
                path.add(child.getKey().substring(2));
                collect(child.getValue().getAsJsonObject(), path, into);
            }
        }
        boolean map =
                prefix.size() == 2
                        && prefix.get(0).equals("metadata")
                        && (prefix.get(1).equals("labels") || prefix.get(1).equals("annotations"));
        if (!hasChildren && !prefix.isEmpty() && !map) {
            into.add(String.join(SEP, prefix));
        }
    }

    private static void write(JsonObject lease, List<Entry> entries) {
        JsonArray managed = new JsonArray();
        for (Entry entry : entries) {
            JsonObject fieldsV1 = new JsonObject();
            for (String field : entry.fields()) {
                JsonObject node = fieldsV1;
                String[] segments = field.split(SEP);
                for (int i = 0; i < segments.length; i++) {
                    String key = "f:" + segments[i];
                    JsonObject child =
                            node.get(key) instanceof JsonObject existing
                                    ? existing
                                    : new JsonObject();
                    node.add(key, child);
                    if (i == 1 && segments[0].equals("metadata") && segments.length == 3) {
                        child.add(
                                ".",
                                new JsonObject()); // the label/annotation map itself, as upstream
                        // marks it
                    }
                    node = child;
                }
            }
            JsonObject json = new JsonObject();
            json.addProperty("manager", entry.manager());
            json.addProperty("operation", entry.operation());
            json.addProperty("apiVersion", apiVersion(lease));
            json.addProperty("time", entry.time());
            json.addProperty("fieldsType", "FieldsV1");
            json.add("fieldsV1", fieldsV1);
            managed.add(json);
        }
        JsonObject metadata = lease.getAsJsonObject("metadata");
        if (managed.isEmpty()) {
            metadata.remove("managedFields");
        } else {
            metadata.add("managedFields", managed);
        }
    }

    private static void set(JsonObject lease, String field, JsonElement value) {
        String[] segments = field.split(SEP);
        JsonObject node = lease;
        for (int i = 0; i < segments.length - 1; i++) {
            JsonObject child =
                    node.get(segments[i]) instanceof JsonObject existing
                            ? existing
                            : new JsonObject();
            node.add(segments[i], child);
            node = child;
        }
        node.add(segments[segments.length - 1], value.deepCopy());
    }

    private static void remove(JsonObject lease, String field) {
        List<String> segments = Arrays.asList(field.split(SEP));
        JsonObject node = lease;
        for (String segment : segments.subList(0, segments.size() - 1)) {
            if (!(node.get(segment) instanceof JsonObject child)) {
                return;
            }
            node = child;
        }
        node.remove(segments.get(segments.size() - 1));
    }

    private static JsonObject emptyLike(JsonObject config) {
        JsonObject lease = new JsonObject();
        lease.addProperty("kind", LeaseDecoder.KIND);
        lease.addProperty("apiVersion", API_VERSION);
        JsonObject metadata = new JsonObject();
        JsonObject configMeta = config.getAsJsonObject("metadata");
        for (String key : new String[] {"name", "namespace"}) {
            if (configMeta.has(key)) {
                metadata.add(key, configMeta.get(key));
            }
        }
        lease.add("metadata", metadata);
        lease.add("spec", new JsonObject());
        return lease;
    }

    private static String previousTime(List<Entry> entries, String manager, String operation) {
        for (Entry entry : entries) {
            if (entry.manager().equals(manager) && entry.operation().equals(operation)) {
                return entry.time();
            }
        }
        return now();
    }

    private static String string(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value == null || value.isJsonNull() ? "" : value.getAsString();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
