package io.leadergate.devserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/**
 * Minimal discovery documents (/version, /api, /apis, each served group and its resource list),
 * enough for clients that probe before they call: coordination.k8s.io (Leases) and discovery.k8s.io
 * (EndpointSlices, for the agent's leader Service), one {@link ServedKind} each.
 */
final class Discovery {
    private Discovery() {}

    static JsonObject document(String path, String serverAddress) {
        return switch (path) {
            case "/version" -> version();
            case "/api" -> coreVersions(serverAddress);
            case "/api/v1" -> coreResources();
            case "/apis" -> groupList();
            default -> {
                ServedKind kind = ServedKind.ofGroupVersionPath(path);
                if (kind != null) {
                    yield resourceList(kind);
                }
                for (ServedKind served : ServedKind.values()) {
                    if (path.equals("/apis/" + served.group)) {
                        yield group(served);
                    }
                }
                throw StatusBodies.pathNotFound();
            }
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
        for (ServedKind kind : ServedKind.values()) {
            groups.add(group(kind));
        }
        list.add("groups", groups);
        return list;
    }

    private static JsonObject group(ServedKind kind) {
        JsonObject group = new JsonObject();
        group.addProperty("kind", "APIGroup");
        group.addProperty("apiVersion", "v1");
        group.addProperty("name", kind.group);
        JsonObject version = new JsonObject();
        version.addProperty("groupVersion", kind.apiVersion());
        version.addProperty("version", "v1");
        JsonArray versions = new JsonArray();
        versions.add(version);
        group.add("versions", versions);
        group.add("preferredVersion", version.deepCopy());
        return group;
    }

    private static JsonObject resourceList(ServedKind kind) {
        JsonObject list = new JsonObject();
        list.addProperty("kind", "APIResourceList");
        list.addProperty("apiVersion", "v1");
        list.addProperty("groupVersion", kind.apiVersion());
        JsonObject leases = new JsonObject();
        leases.addProperty("name", kind.plural);
        leases.addProperty("singularName", kind.singular);
        leases.addProperty("namespaced", true);
        leases.addProperty("kind", kind.kind);
        leases.add("verbs", verbs());
        JsonArray resources = new JsonArray();
        resources.add(leases);
        list.add("resources", resources);
        return list;
    }

    /** The core group serves no resource here; an empty list, not a 404, as kubectl expects. */
    private static JsonObject coreResources() {
        JsonObject list = new JsonObject();
        list.addProperty("kind", "APIResourceList");
        list.addProperty("groupVersion", "v1");
        list.add("resources", new JsonArray());
        return list;
    }

    /**
     * The aggregated discovery version ({@code v2} or {@code v2beta1}) the Accept header asks for
     * first, or null: kubectl 1.30+ asks for {@code as=APIGroupDiscoveryList} on /api and /apis and
     * falls back to the legacy documents when the answer is plain JSON.
     */
    static String aggregatedVersion(String accept) {
        if (accept == null) {
            return null;
        }
        for (String range : accept.split(",")) {
            if (range.contains("as=APIGroupDiscoveryList")
                    && range.contains("g=apidiscovery.k8s.io")) {
                if (range.contains("v=v2beta1")) {
                    return "v2beta1";
                }
                if (range.contains("v=v2")) {
                    return "v2";
                }
            }
        }
        return null;
    }

    /**
     * {@code APIGroupDiscoveryList}: /api lists the core group (no resources), /apis the served
     * groups.
     */
    static JsonObject aggregated(String path, String version) {
        JsonObject list = new JsonObject();
        list.addProperty("kind", "APIGroupDiscoveryList");
        list.addProperty("apiVersion", "apidiscovery.k8s.io/" + version);
        list.add("metadata", new JsonObject());
        JsonArray items = new JsonArray();
        if (path.equals("/api")) {
            items.add(groupDiscovery(null, new JsonArray()));
        } else {
            for (ServedKind served : ServedKind.values()) {
                JsonObject resource = new JsonObject();
                resource.addProperty("resource", served.plural);
                JsonObject kind = new JsonObject();
                kind.addProperty("group", served.group);
                kind.addProperty("version", "v1");
                kind.addProperty("kind", served.kind);
                resource.add("responseKind", kind);
                resource.addProperty("scope", "Namespaced");
                resource.addProperty("singularResource", served.singular);
                resource.add("verbs", verbs());
                JsonArray resources = new JsonArray();
                resources.add(resource);
                items.add(groupDiscovery(served.group, resources));
            }
        }
        list.add("items", items);
        return list;
    }

    private static JsonObject groupDiscovery(String group, JsonArray resources) {
        JsonObject metadata = new JsonObject();
        if (group != null) {
            metadata.addProperty("name", group);
        }
        metadata.add("creationTimestamp", JsonNull.INSTANCE);
        JsonObject v1 = new JsonObject();
        v1.addProperty("version", "v1");
        v1.add("resources", resources);
        v1.addProperty("freshness", "Current");
        JsonArray versions = new JsonArray();
        versions.add(v1);
        JsonObject item = new JsonObject();
        item.add("metadata", metadata);
        item.add("versions", versions);
        return item;
    }

    private static JsonArray verbs() {
        JsonArray verbs = new JsonArray();
        for (String verb :
                new String[] {
                    "create",
                    "delete",
                    "deletecollection",
                    "get",
                    "list",
                    "patch",
                    "update",
                    "watch"
                }) {
            verbs.add(verb);
        }
        return verbs;
    }
}
