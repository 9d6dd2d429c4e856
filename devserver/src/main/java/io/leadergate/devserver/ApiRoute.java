package io.leadergate.devserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps a method and path to what kube-apiserver would serve there: a verb on a target of a served
 * kind, a discovery document, a health check, or nothing (404) / the wrong method (405).
 *
 * @param verb the verb (get, list, watch, create, update, patch, delete, deletecollection), or null
 *     for non-resource paths
 * @param target the target when {@code verb} is set
 * @param document the non-resource path ("/version", "/apis", "/healthz"...) otherwise
 * @param kind the kind addressed when {@code verb} is set
 */
record ApiRoute(String verb, LeaseResource.Target target, String document, ServedKind kind) {

    static ApiRoute resolve(String method, String rawPath, Map<String, String> query) {
        String path =
                rawPath.length() > 1 && rawPath.endsWith("/")
                        ? rawPath.substring(0, rawPath.length() - 1)
                        : rawPath;
        switch (path) {
            case "/version",
                    "/api",
                    "/api/v1",
                    "/apis",
                    "/apis/coordination.k8s.io",
                    "/apis/coordination.k8s.io/v1",
                    "/apis/discovery.k8s.io",
                    "/apis/discovery.k8s.io/v1",
                    "/openapi/v2",
                    "/openapi/v3",
                    OpenApi.V3_GROUP_PATH,
                    OpenApi.V3_SLICE_GROUP_PATH,
                    "/healthz",
                    "/livez",
                    "/readyz" -> {
                if (!method.equals("GET")) {
                    throw StatusBodies.methodNotAllowed();
                }
                return new ApiRoute(null, null, path, null);
            }
            default -> {}
        }
        ServedKind kind = ServedKind.ofGroupVersionPath(path);
        if (kind == null || path.equals(kind.groupVersionPath())) {
            throw StatusBodies.pathNotFound();
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.substring(kind.groupVersionPath().length() + 1).split("/")) {
            segments.add(HttpReplies.decode(segment));
        }
        // The deprecated /watch/ prefix is still served upstream: it is a watch of the rest.
        boolean watchPrefix = !segments.isEmpty() && segments.get(0).equals("watch");
        if (watchPrefix) {
            segments.remove(0);
        }
        String namespace = null;
        if (segments.size() >= 2 && segments.get(0).equals("namespaces")) {
            namespace = segments.get(1);
            segments = segments.subList(2, segments.size());
        }
        if (segments.isEmpty()
                || !segments.get(0).equals(kind.plural)
                || segments.size() > 2
                || (namespace != null && namespace.isEmpty())) {
            throw StatusBodies.pathNotFound();
        }
        String name = segments.size() == 2 ? segments.get(1) : null;
        LeaseResource.Target target = new LeaseResource.Target(namespace, name);
        if (watchPrefix) {
            if (!method.equals("GET")) {
                throw StatusBodies.methodNotAllowed();
            }
            if (name != null) {
                query.put("fieldSelector", "metadata.name=" + name);
                target = new LeaseResource.Target(namespace, null);
            }
            return new ApiRoute("watch", target, null, kind);
        }
        return new ApiRoute(verb(method, target, query), target, null, kind);
    }

    private static String verb(
            String method, LeaseResource.Target target, Map<String, String> query) {
        boolean collection = target.name() == null;
        boolean namespaced = target.namespace() != null;
        String watch = query.get("watch");
        switch (method) {
            case "GET":
                if (!collection) {
                    return "get";
                }
                return "true".equals(watch) || "1".equals(watch) ? "watch" : "list";
            case "POST":
                if (collection && namespaced) {
                    return "create";
                }
                break;
            case "PUT":
                if (!collection) {
                    return "update";
                }
                break;
            case "PATCH":
                if (!collection) {
                    return "patch";
                }
                break;
            case "DELETE":
                if (!collection) {
                    return "delete";
                }
                if (namespaced) {
                    return "deletecollection";
                }
                break;
            default:
                break;
        }
        throw StatusBodies.methodNotAllowed();
    }
}
