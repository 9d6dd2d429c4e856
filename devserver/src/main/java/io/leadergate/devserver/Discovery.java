package io.leadergate.devserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Minimal discovery documents (/version, /api, /apis, the coordination group and its resource
 * list), enough for clients that probe before they call. Only Leases are served.
 */
final class Discovery {
  private Discovery() {}

  static JsonObject document(String path, String serverAddress) {
    return switch (path) {
      case "/version" -> version();
      case "/api" -> coreVersions(serverAddress);
      case "/apis" -> groupList();
      case "/apis/coordination.k8s.io" -> group();
      default -> resourceList();
    };
  }

  private static JsonObject version() {
    JsonObject version = new JsonObject();
    version.addProperty("major", "1");
    version.addProperty("minor", "33");
    version.addProperty("gitVersion", "v1.33.0-leadergate-devserver");
    version.addProperty("gitCommit", "0000000000000000000000000000000000000000");
    version.addProperty("gitTreeState", "clean");
    version.addProperty("buildDate", "2025-01-01T00:00:00Z");
    version.addProperty("goVersion", "go1.24.0");
    version.addProperty("compiler", "gc");
    version.addProperty("platform", "linux/amd64");
    return version;
  }

  private static JsonObject coreVersions(String serverAddress) {
    JsonObject versions = new JsonObject();
    versions.addProperty("kind", "APIVersions");
    JsonArray list = new JsonArray();
    list.add("v1");
    versions.add("versions", list);
    JsonArray addresses = new JsonArray();
    JsonObject address = new JsonObject();
    address.addProperty("clientCIDR", "0.0.0.0/0");
    address.addProperty("serverAddress", serverAddress);
    addresses.add(address);
    versions.add("serverAddressByClientCIDRs", addresses);
    return versions;
  }

  private static JsonObject groupList() {
    JsonObject list = new JsonObject();
    list.addProperty("kind", "APIGroupList");
    list.addProperty("apiVersion", "v1");
    JsonArray groups = new JsonArray();
    groups.add(group());
    list.add("groups", groups);
    return list;
  }

  private static JsonObject group() {
    JsonObject group = new JsonObject();
    group.addProperty("kind", "APIGroup");
    group.addProperty("apiVersion", "v1");
    group.addProperty("name", StatusBodies.GROUP);
    JsonObject version = new JsonObject();
    version.addProperty("groupVersion", LeaseDecoder.API_VERSION);
    version.addProperty("version", "v1");
    JsonArray versions = new JsonArray();
    versions.add(version);
    group.add("versions", versions);
    group.add("preferredVersion", version.deepCopy());
    return group;
  }

  private static JsonObject resourceList() {
    JsonObject list = new JsonObject();
    list.addProperty("kind", "APIResourceList");
    list.addProperty("apiVersion", "v1");
    list.addProperty("groupVersion", LeaseDecoder.API_VERSION);
    JsonObject leases = new JsonObject();
    leases.addProperty("name", StatusBodies.RESOURCE);
    leases.addProperty("singularName", "lease");
    leases.addProperty("namespaced", true);
    leases.addProperty("kind", LeaseDecoder.KIND);
    JsonArray verbs = new JsonArray();
    for (String verb :
        new String[] {"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"}) {
      verbs.add(verb);
    }
    leases.add("verbs", verbs);
    JsonArray resources = new JsonArray();
    resources.add(leases);
    list.add("resources", resources);
    return list;
  }
}
