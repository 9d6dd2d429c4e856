package io.leadergate.devserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The REST verbs on {@code leases}: get, list, watch, create, update (PUT), patch, delete and
 * deletecollection, with the apiserver's preconditions and status codes. Authentication,
 * counting and faults happen before a request gets here.
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

  private final LeaseStore store;
  private final OpenWatches watches;
  private final Set<String> namespaces;
  private final long bookmarkIntervalNanos;

  /** @param namespaces the namespaces that exist, or null when every namespace exists */
  LeaseResource(LeaseStore store, OpenWatches watches, Set<String> namespaces, long bookmarkIntervalNanos) {
    this.store = store;
    this.watches = watches;
    this.namespaces = namespaces;
    this.bookmarkIntervalNanos = bookmarkIntervalNanos;
  }

  void handle(
      HttpExchange exchange, Target target, String verb, String client, Map<String, String> query)
      throws IOException {
    if (query.containsKey("dryRun")) {
      // Better an explicit refusal than a dry run that silently writes.
      throw StatusBodies.badRequest("dryRun is not supported by leadergate-devserver");
    }
    switch (verb) {
      case "get" -> HttpReplies.json(exchange, 200, found(target));
      case "list" -> HttpReplies.json(exchange, 200, list(target, query));
      case "watch" -> watch(exchange, target, query, client);
      case "create" -> HttpReplies.json(exchange, 201, create(target, body(exchange)));
      case "update" -> HttpReplies.json(exchange, 200, update(target, body(exchange)));
      case "patch" -> HttpReplies.json(exchange, 200, patch(exchange, target));
      case "delete" -> HttpReplies.json(exchange, 200, delete(target, body(exchange)));
      case "deletecollection" -> HttpReplies.json(exchange, 200, deleteCollection(target, query));
      default -> throw StatusBodies.methodNotAllowed();
    }
  }

  private JsonObject found(Target target) {
    JsonObject lease = store.get(target.key());
    if (lease == null) {
      throw StatusBodies.notFound(target.name());
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
    list.addProperty("kind", "LeaseList");
    list.addProperty("apiVersion", LeaseDecoder.API_VERSION);
    JsonObject metadata = new JsonObject();
    metadata.addProperty("resourceVersion", Long.toString(snapshot.resourceVersion()));
    list.add("metadata", metadata);
    list.add("items", items);
    return list;
  }

  private void watch(HttpExchange exchange, Target target, Map<String, String> query, String client)
      throws IOException {
    WatchStream.Options options =
        WatchStream.Options.fromQuery(query, filter(target, query), bookmarkIntervalNanos);
    new WatchStream(client, options).serve(exchange, store, watches);
  }

  private JsonObject create(Target target, JsonObject raw) {
    JsonObject lease = LeaseDecoder.decode(raw);
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
              500, null, "resourceVersion should not be set on objects to be created", null));
    }
    Validation.validate(lease);
    return store.create(lease);
  }

  private JsonObject update(Target target, JsonObject raw) {
    JsonObject desired = LeaseDecoder.decode(raw);
    adoptNamespace(desired.getAsJsonObject("metadata"), target.namespace());
    String name = LeaseJson.metadataString(desired, "name");
    if (!target.name().equals(name)) {
      throw StatusBodies.badRequest(
          "the name of the object (" + (name == null ? "" : name)
              + ") does not match the name on the URL (" + target.name() + ")");
    }
    return store.update(target.key(), current -> checked(current, desired));
  }

  private JsonObject patch(HttpExchange exchange, Target target) throws IOException {
    UnaryOperator<JsonObject> patch =
        Patches.parse(exchange.getRequestHeaders().getFirst("Content-Type"), readBody(exchange));
    return store.update(
        target.key(),
        current -> {
          JsonObject desired = LeaseDecoder.decode(patch.apply(current));
          if (!target.name().equals(LeaseJson.metadataString(desired, "name"))
              || !target.namespace().equals(LeaseJson.metadataString(desired, "namespace"))) {
            throw StatusBodies.badRequest("the name or namespace of a patched object cannot change");
          }
          // A resourceVersion in the patch is a precondition; without one the patch is unconditional.
          return checked(current, desired);
        });
  }

  /** The update preconditions and validation, run under the store's lock. */
  private static JsonObject checked(JsonObject current, JsonObject desired) {
    String name = LeaseJson.metadataString(current, "name");
    String wantedVersion = LeaseJson.metadataString(desired, "resourceVersion");
    // Empty means unconditional: Lease's strategy allows it (AllowUnconditionalUpdate).
    if (wantedVersion != null
        && !wantedVersion.isEmpty()
        && !wantedVersion.equals(LeaseJson.metadataString(current, "resourceVersion"))) {
      throw StatusBodies.conflict(name);
    }
    String uid = LeaseJson.metadataString(desired, "uid");
    String currentUid = LeaseJson.metadataString(current, "uid");
    if (uid != null && !uid.isEmpty() && !uid.equals(currentUid)) {
      throw StatusBodies.preconditionConflict(
          name, "Precondition failed: UID in precondition: " + uid + ", UID in object meta: " + currentUid);
    }
    Validation.validate(desired);
    return desired;
  }

  private JsonObject delete(Target target, JsonObject options) {
    JsonObject preconditions =
        options != null && options.get("preconditions") instanceof JsonObject p ? p : new JsonObject();
    JsonObject deleted =
        store.delete(
            target.key(),
            current -> {
              checkPrecondition(current, preconditions, "resourceVersion", "ResourceVersion");
              checkPrecondition(current, preconditions, "uid", "UID");
            });
    return StatusBodies.deleted(target.name(), LeaseJson.metadataString(deleted, "uid"));
  }

  private static void checkPrecondition(
      JsonObject current, JsonObject preconditions, String field, String label) {
    JsonElement wanted = preconditions.get(field);
    String actual = LeaseJson.metadataString(current, field);
    if (wanted != null && !wanted.isJsonNull() && !wanted.getAsString().equals(actual)) {
      throw StatusBodies.preconditionConflict(
          LeaseJson.metadataString(current, "name"),
          "Precondition failed: " + label + " in precondition: " + wanted.getAsString()
              + ", " + label + " in object meta: " + actual);
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
    list.getAsJsonObject("metadata").addProperty("resourceVersion", Long.toString(store.resourceVersion()));
    return list;
  }

  private static Predicate<JsonObject> filter(Target target, Map<String, String> query) {
    return Selectors.parse(target.namespace(), query.get("fieldSelector"), query.get("labelSelector"));
  }

  private static void adoptNamespace(JsonObject metadata, String namespace) {
    JsonElement sent = metadata.get("namespace");
    if (sent != null && !sent.getAsString().isEmpty() && !sent.getAsString().equals(namespace)) {
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
      suffix.append(NAME_SUFFIX_ALPHABET.charAt(RANDOM.nextInt(NAME_SUFFIX_ALPHABET.length())));
    }
    return suffix.toString();
  }
}
