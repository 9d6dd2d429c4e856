package io.leadergate.devserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The REST verbs on one stored kind ({@code leases}, and {@code endpointslices} for the agent's
 * leader Service): get, list, watch, create, update (PUT), patch, delete and deletecollection, with
 * the apiserver's preconditions and status codes. What differs between kinds is the store's {@link
 * ServedKind}. Authentication, counting and faults happen before a request gets here.
 */
final class LeaseResource {
    private static final String NAME_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What a request addresses.
     *
     * @param namespace null for the cluster-wide collection
     * @param name null for a collection
     */
    record Target(String namespace, String name) {
        LeaseStore.Key key() {
            return new LeaseStore.Key(namespace, name);
        }
    }

    /**
     * What a write request asks of field handling: who manages the fields it sets ({@code
     * fieldManager}, else the User-Agent's product), and what to do with fields the Lease schema
     * does not declare ({@code fieldValidation}: {@code Ignore}, {@code Warn} (the default), {@code
     * Strict}). Collects the warnings to send as {@code Warning} headers.
     */
    static final class WriteRequest {
        final String manager;
        final String fieldValidation;
        final List<String> warnings = new ArrayList<>();

        WriteRequest(String manager, String fieldValidation) {
            this.manager = manager;
            this.fieldValidation = fieldValidation;
        }

        static WriteRequest of(HttpExchange exchange, Map<String, String> query) {
            String validation = query.getOrDefault("fieldValidation", "Warn");
            if (!validation.equals("Ignore")
                    && !validation.equals("Warn")
                    && !validation.equals("Strict")) {
                throw StatusBodies.badRequest(
                        "fieldValidation parameter unsupported: "
                                + validation
                                + " (expected Ignore, Warn or Strict)");
            }
            String manager = query.get("fieldManager");
            if (manager == null || manager.isEmpty()) {
                manager =
                        ManagedFields.defaultManager(
                                exchange.getRequestHeaders().getFirst("User-Agent"));
            }
            return new WriteRequest(manager, validation);
        }

        /** Decodes with pruning, then applies the field validation to what was pruned. */
        JsonObject decode(ServedKind kind, JsonObject raw) {
            List<String> unknown = new ArrayList<>();
            JsonObject lease = kind.decode(raw, unknown);
            if (unknown.isEmpty() || fieldValidation.equals("Ignore")) {
                return lease;
            }
            if (fieldValidation.equals("Strict")) {
                StringBuilder message = new StringBuilder("strict decoding error: ");
                for (int i = 0; i < unknown.size(); i++) {
                    message.append(i == 0 ? "" : ", ")
                            .append("unknown field \"")
                            .append(unknown.get(i))
                            .append('"');
                }
                throw StatusBodies.badRequest(message.toString());
            }
            for (String field : unknown) {
                if (!warnings.contains(field)) {
                    warnings.add(field);
                }
            }
            return lease;
        }

        void sendWarnings(HttpExchange exchange) {
            for (String field : warnings) {
                exchange.getResponseHeaders()
                        .add("Warning", "299 - \"unknown field \\\"" + field + "\\\"\"");
            }
        }
    }

    private final LeaseStore store;
    private final ServedKind kind;
    private final OpenWatches watches;
    private final Set<String> namespaces;
    private final long bookmarkIntervalNanos;

    /**
     * Serve Leases as a kube-apiserver without the CoordinatedLeaderElection feature gate: {@code
     * spec.strategy} and {@code spec.preferredHolder} are dropped from every write (silently, as
     * upstream's lease strategy does) unless the stored object already uses them.
     */
    private final boolean dropCoordinatedFields;

    /**
     * @param namespaces the namespaces that exist, or null when every namespace exists
     */
    LeaseResource(
            LeaseStore store,
            OpenWatches watches,
            Set<String> namespaces,
            long bookmarkIntervalNanos) {
        this(store, watches, namespaces, bookmarkIntervalNanos, false);
    }

    LeaseResource(
            LeaseStore store,
            OpenWatches watches,
            Set<String> namespaces,
            long bookmarkIntervalNanos,
            boolean dropCoordinatedFields) {
        this.dropCoordinatedFields = dropCoordinatedFields && store.kind() == ServedKind.LEASES;
        this.store = store;
        this.kind = store.kind();
        this.watches = watches;
        this.namespaces = namespaces;
        this.bookmarkIntervalNanos = bookmarkIntervalNanos;
    }

    void handle(
            HttpExchange exchange,
            Target target,
            String verb,
            String client,
            Map<String, String> query,
            Consumer<JsonObject> written)
            throws IOException {
        if (query.containsKey("dryRun")) {
            // Better an explicit refusal than a dry run that silently writes.
            throw StatusBodies.badRequest("dryRun is not supported by leadergate-devserver");
        }
        String table = Tables.requestedVersion(exchange.getRequestHeaders().getFirst("Accept"));
        String includeObject = query.get("includeObject");
        switch (verb) {
            case "get" -> {
                if (table == null) {
                    HttpReplies.json(exchange, 200, found(target));
                } else {
                    HttpReplies.json(
                            exchange,
                            200,
                            Tables.ofObject(kind, found(target), table, includeObject, true),
                            Tables.contentType(table));
                }
            }
            case "list" -> {
                if (table == null) {
                    HttpReplies.json(exchange, 200, list(target, query));
                } else {
                    HttpReplies.json(
                            exchange,
                            200,
                            Tables.ofList(kind, list(target, query), table, includeObject),
                            Tables.contentType(table));
                }
            }
            case "watch" -> watch(exchange, target, query, client);
            case "create" -> {
                WriteRequest write = WriteRequest.of(exchange, query);
                JsonObject created = create(target, body(exchange), write);
                written.accept(created);
                write.sendWarnings(exchange);
                HttpReplies.json(exchange, 201, created);
            }
            case "update" -> {
                WriteRequest write = WriteRequest.of(exchange, query);
                JsonObject updated = update(target, body(exchange), write);
                written.accept(updated);
                write.sendWarnings(exchange);
                HttpReplies.json(exchange, 200, updated);
            }
            case "patch" -> patch(exchange, target, query, written);
            case "delete" -> HttpReplies.json(exchange, 200, delete(target, body(exchange)));
            case "deletecollection" ->
                    HttpReplies.json(exchange, 200, deleteCollection(target, query));
            default -> throw StatusBodies.methodNotAllowed();
        }
    }

    private JsonObject found(Target target) {
        JsonObject lease = store.get(target.key());
        if (lease == null) {
            throw StatusBodies.notFound(kind, target.name());
        }
        return lease;
    }

    private JsonObject list(Target target, Map<String, String> query) {
        Predicate<JsonObject> filter = filter(target, query);
        LeaseStore.Snapshot snapshot = store.list(target.namespace());
        JsonArray items = new JsonArray();
        for (JsonObject lease : snapshot.leases()) {
            if (filter.test(lease)) {
                items.add(lease);
            }
        }
        JsonObject list = new JsonObject();
        list.addProperty("kind", kind.kind + "List");
        list.addProperty("apiVersion", kind.apiVersion());
        JsonObject metadata = new JsonObject();
        metadata.addProperty("resourceVersion", Long.toString(snapshot.resourceVersion()));
        list.add("metadata", metadata);
        list.add("items", items);
        return list;
    }

    private void watch(
            HttpExchange exchange, Target target, Map<String, String> query, String client)
            throws IOException {
        WatchStream.Options options =
                WatchStream.Options.fromQuery(query, filter(target, query), bookmarkIntervalNanos);
        String table = Tables.requestedVersion(exchange.getRequestHeaders().getFirst("Accept"));
        new WatchStream(kind, client, options, table, query.get("includeObject"))
                .serve(exchange, store, watches);
    }

    private JsonObject create(Target target, JsonObject raw, WriteRequest write) {
        JsonObject lease = write.decode(kind, raw);
        JsonObject metadata = lease.getAsJsonObject("metadata");
        adoptNamespace(metadata, target.namespace());
        if (namespaces != null && !namespaces.contains(target.namespace())) {
            throw StatusBodies.namespaceNotFound(target.namespace());
        }
        String name = LeaseJson.metadataString(lease, "name");
        String generateName = LeaseJson.metadataString(lease, "generateName");
        if ((name == null || name.isEmpty()) && generateName != null && !generateName.isEmpty()) {
            metadata.addProperty("name", generateName + randomSuffix());
        }
        if (isNonZeroVersion(LeaseJson.metadataString(lease, "resourceVersion"))) {
            // etcd3 storage's check: a 500 without reason, as a real server answers.
            throw new StatusException(
                    StatusBodies.body(
                            500,
                            null,
                            "resourceVersion should not be set on objects to be created",
                            null));
        }
        dropDisabledFields(null, lease);
        kind.validate(lease);
        ManagedFields.recordUpdate(null, lease, write.manager);
        return store.create(lease);
    }

    private JsonObject update(Target target, JsonObject raw, WriteRequest write) {
        JsonObject desired = write.decode(kind, raw);
        adoptNamespace(desired.getAsJsonObject("metadata"), target.namespace());
        String name = LeaseJson.metadataString(desired, "name");
        if (!target.name().equals(name)) {
            throw StatusBodies.badRequest(
                    "the name of the object ("
                            + (name == null ? "" : name)
                            + ") does not match the name on the URL ("
                            + target.name()
                            + ")");
        }
        return store.update(
                target.key(), current -> managed(current, checked(kind, current, desired), write));
    }

    private void patch(
            HttpExchange exchange,
            Target target,
            Map<String, String> query,
            Consumer<JsonObject> written)
            throws IOException {
        WriteRequest write = WriteRequest.of(exchange, query);
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        byte[] body = readBody(exchange);
        if (Patches.mediaType(contentType).equals("application/apply-patch+yaml")) {
            apply(exchange, target, query, write, body, written);
            return;
        }
        UnaryOperator<JsonObject> patch = Patches.parse(contentType, body);
        JsonObject patched =
                store.update(
                        target.key(),
                        current -> {
                            JsonObject desired = write.decode(kind, patch.apply(current));
                            if (!target.name().equals(LeaseJson.metadataString(desired, "name"))
                                    || !target.namespace()
                                            .equals(
                                                    LeaseJson.metadataString(
                                                            desired, "namespace"))) {
                                throw StatusBodies.badRequest(
                                        "the name or namespace of a patched object cannot change");
                            }
                            // A resourceVersion in the patch is a precondition; without one the
                            // patch is unconditional.
                            return managed(current, checked(kind, current, desired), write);
                        });
        written.accept(patched);
        write.sendWarnings(exchange);
        HttpReplies.json(exchange, 200, patched);
    }

    /**
     * Server-side apply: the body is the manager's whole intent for the fields it names (JSON, the
     * form kubectl sends). Creates the Lease when it does not exist (201), as upstream.
     */
    private void apply(
            HttpExchange exchange,
            Target target,
            Map<String, String> query,
            WriteRequest write,
            byte[] body,
            Consumer<JsonObject> written)
            throws IOException {
        if (kind != ServedKind.LEASES) {
            // Field ownership of an EndpointSlice's atomic lists is not modelled here.
            throw StatusBodies.badRequest(
                    "leadergate-devserver serves server-side apply for leases only; use kubectl"
                            + " apply (client-side), create, replace or patch for "
                            + kind.plural);
        }
        String manager = query.get("fieldManager");
        if (manager == null || manager.isEmpty()) {
            throw StatusBodies.badRequest(
                    "PATCH with apply requires fieldManager (e.g. ?fieldManager=my-tool)");
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (!text.startsWith("{")) {
            throw StatusBodies.badRequest(
                    "leadergate-devserver reads apply configurations in their JSON form only"
                            + " (YAML's JSON subset; kubectl apply --server-side sends JSON)");
        }
        JsonObject raw = LeaseDecoder.parseObject(body);
        if (!raw.has("apiVersion") || !raw.has("kind")) {
            throw StatusBodies.badRequest(
                    "invalid object type: apply configurations must set apiVersion and kind");
        }
        JsonObject config = write.decode(kind, raw);
        adoptNamespace(config.getAsJsonObject("metadata"), target.namespace());
        if (!target.name().equals(LeaseJson.metadataString(config, "name"))) {
            throw StatusBodies.badRequest(
                    "the name of the object ("
                            + LeaseJson.metadataString(config, "name")
                            + ") does not match the name on the URL ("
                            + target.name()
                            + ")");
        }
        boolean force = "true".equals(query.get("force"));
        if (store.get(target.key()) == null) {
            JsonObject desired =
                    LeaseDecoder.decode(ManagedFields.apply(null, config, manager, force));
            dropDisabledFields(null, desired);
            Validation.validate(desired);
            try {
                JsonObject created = store.create(desired);
                written.accept(created);
                write.sendWarnings(exchange);
                HttpReplies.json(exchange, 201, created);
                return;
            } catch (StatusException raced) {
                if (raced.code() != 409) {
                    throw raced;
                }
            }
        }
        JsonObject applied =
                store.update(
                        target.key(),
                        current ->
                                checked(
                                        kind,
                                        current,
                                        LeaseDecoder.decode(
                                                ManagedFields.apply(
                                                        current, config, manager, force))));
        written.accept(applied);
        write.sendWarnings(exchange);
        HttpReplies.json(exchange, 200, applied);
    }

    /** {@code desired} with the managedFields of an update by the request's manager. */
    private static JsonObject managed(JsonObject current, JsonObject desired, WriteRequest write) {
        JsonElement sent = desired.getAsJsonObject("metadata").get("managedFields");
        JsonElement stored = current.getAsJsonObject("metadata").get("managedFields");
        if (sent != null && !sent.equals(stored)) {
            // A client that rewrites managedFields on purpose (kubectl migrating client-side apply
            // ownership) gets them as sent, as upstream; [{}] clears them.
            if (!sent.isJsonArray()) {
                throw StatusBodies.badRequest("metadata.managedFields must be a list");
            }
            JsonArray entries = sent.getAsJsonArray();
            if (entries.size() == 1
                    && entries.get(0).isJsonObject()
                    && entries.get(0).getAsJsonObject().size() == 0) {
                desired.getAsJsonObject("metadata").remove("managedFields");
            }
            return desired;
        }
        ManagedFields.recordUpdate(current, desired, write.manager);
        return desired;
    }

    /** The update preconditions and validation, run under the store's lock. */
    /** See {@link #dropCoordinatedFields}; {@code current} null on create. */
    private void dropDisabledFields(JsonObject current, JsonObject desired) {
        if (!dropCoordinatedFields) {
            return;
        }
        JsonElement spec = desired.get("spec");
        if (spec == null || !spec.isJsonObject()) {
            return;
        }
        JsonElement oldSpec = current == null ? null : current.get("spec");
        for (String field : new String[] {"strategy", "preferredHolder"}) {
            boolean inUse =
                    oldSpec != null
                            && oldSpec.isJsonObject()
                            && oldSpec.getAsJsonObject().has(field);
            if (!inUse) {
                spec.getAsJsonObject().remove(field);
            }
        }
    }

    private JsonObject checked(ServedKind kind, JsonObject current, JsonObject desired) {
        dropDisabledFields(current, desired);
        String name = LeaseJson.metadataString(current, "name");
        String wantedVersion = LeaseJson.metadataString(desired, "resourceVersion");
        // Empty means unconditional: Lease's strategy allows it (AllowUnconditionalUpdate).
        if (wantedVersion != null
                && !wantedVersion.isEmpty()
                && !wantedVersion.equals(LeaseJson.metadataString(current, "resourceVersion"))) {
            throw StatusBodies.conflict(kind, name);
        }
        String uid = LeaseJson.metadataString(desired, "uid");
        String currentUid = LeaseJson.metadataString(current, "uid");
        if (uid != null && !uid.isEmpty() && !uid.equals(currentUid)) {
            throw StatusBodies.preconditionConflict(
                    kind,
                    name,
                    "Precondition failed: UID in precondition: "
                            + uid
                            + ", UID in object meta: "
                            + currentUid);
        }
        kind.checkUpdate(current, desired);
        kind.validate(desired);
        return desired;
    }

    private JsonObject delete(Target target, JsonObject options) {
        JsonObject preconditions =
                options != null && options.get("preconditions") instanceof JsonObject p
                        ? p
                        : new JsonObject();
        JsonObject deleted =
                store.delete(
                        target.key(),
                        current -> {
                            checkPrecondition(
                                    kind,
                                    current,
                                    preconditions,
                                    "resourceVersion",
                                    "ResourceVersion");
                            checkPrecondition(kind, current, preconditions, "uid", "UID");
                        });
        return StatusBodies.deleted(kind, target.name(), LeaseJson.metadataString(deleted, "uid"));
    }

    private static void checkPrecondition(
            ServedKind kind,
            JsonObject current,
            JsonObject preconditions,
            String field,
            String label) {
        JsonElement wanted = preconditions.get(field);
        String actual = LeaseJson.metadataString(current, field);
        if (wanted != null && !wanted.isJsonNull() && !wanted.getAsString().equals(actual)) {
            throw StatusBodies.preconditionConflict(
                    kind,
                    LeaseJson.metadataString(current, "name"),
                    "Precondition failed: "
                            + label
                            + " in precondition: "
                            + wanted.getAsString()
                            + ", "
                            + label
                            + " in object meta: "
                            + actual);
        }
    }

    private JsonObject deleteCollection(Target target, Map<String, String> query) {
        JsonObject list = list(target, query);
        JsonArray deleted = new JsonArray();
        for (JsonElement item : list.getAsJsonArray("items")) {
            try {
                deleted.add(store.delete(LeaseJson.key(item.getAsJsonObject()), current -> {}));
            } catch (StatusException alreadyGone) {
                // deleted concurrently: not part of what this request removed
            }
        }
        list.add("items", deleted);
        list.getAsJsonObject("metadata")
                .addProperty("resourceVersion", Long.toString(store.resourceVersion()));
        return list;
    }

    private static Predicate<JsonObject> filter(Target target, Map<String, String> query) {
        return Selectors.parse(
                target.namespace(), query.get("fieldSelector"), query.get("labelSelector"));
    }

    private static void adoptNamespace(JsonObject metadata, String namespace) {
        JsonElement sent = metadata.get("namespace");
        if (sent != null
                && !sent.getAsString().isEmpty()
                && !sent.getAsString().equals(namespace)) {
            throw StatusBodies.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request");
        }
        metadata.addProperty("namespace", namespace);
    }

    /** The JSON object body, or null for an empty body (allowed only for DELETE). */
    private static JsonObject body(HttpExchange exchange) throws IOException {
        byte[] bytes = readBody(exchange);
        if (bytes.length == 0) {
            if ("DELETE".equals(exchange.getRequestMethod())) {
                return null;
            }
            throw StatusBodies.badRequest("the request body is empty");
        }
        return LeaseDecoder.parseObject(bytes);
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    /** Unparseable and "0" versions are ignored on create, exactly as upstream. */
    private static boolean isNonZeroVersion(String rv) {
        try {
            return rv != null && Long.parseUnsignedLong(rv) != 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String randomSuffix() {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(
                    NAME_SUFFIX_ALPHABET.charAt(RANDOM.nextInt(NAME_SUFFIX_ALPHABET.length())));
        }
        return suffix.toString();
    }
}
