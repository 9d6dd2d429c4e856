package io.leadergate.devserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * Builds {@code metav1.Status} bodies with the exact reasons, codes and messages kube-apiserver
 * uses, so clients that parse them (client-java's {@code ApiException}, kubectl) see what a real
 * cluster would send.
 */
final class StatusBodies {
    static final String GROUP = "coordination.k8s.io";
    static final String RESOURCE = "leases";

    private StatusBodies() {}

    /** One field error of a 422 Invalid answer, as {@code details.causes[]}. */
    record Cause(String reason, String field, String message) {}

    static StatusException notFound(String name) {
        return notFound(ServedKind.LEASES, name);
    }

    static StatusException notFound(ServedKind kind, String name) {
        return failure(
                404,
                "NotFound",
                kind.qualifiedResource() + " \"" + name + "\" not found",
                details(kind, name));
    }

    /** What kube-apiserver answers for an operation in a namespace that does not exist. */
    static StatusException namespaceNotFound(String namespace) {
        JsonObject details = new JsonObject();
        details.addProperty("name", namespace);
        details.addProperty("kind", "namespaces");
        return failure(404, "NotFound", "namespaces \"" + namespace + "\" not found", details);
    }

    static StatusException conflict(ServedKind kind, String name) {
        return failure(
                409,
                "Conflict",
                "Operation cannot be fulfilled on "
                        + kind.qualifiedResource()
                        + " \""
                        + name
                        + "\": the object has been modified; please apply your changes to the latest version"
                        + " and try again",
                details(kind, name));
    }

    /** A failed DeleteOptions precondition (resourceVersion or uid). */
    static StatusException preconditionConflict(ServedKind kind, String name, String detail) {
        return failure(
                409,
                "Conflict",
                "Operation cannot be fulfilled on "
                        + kind.qualifiedResource()
                        + " \""
                        + name
                        + "\": "
                        + detail,
                details(kind, name));
    }

    static StatusException alreadyExists(ServedKind kind, String name) {
        return failure(
                409,
                "AlreadyExists",
                kind.qualifiedResource() + " \"" + name + "\" already exists",
                details(kind, name));
    }

    static StatusException invalid(String name, List<Cause> causes) {
        return invalid(ServedKind.LEASES, name, causes);
    }

    static StatusException invalid(ServedKind kind, String name, List<Cause> causes) {
        StringBuilder message =
                new StringBuilder(kind.kind + "." + kind.group + " \"" + name + "\" is invalid: ");
        if (causes.size() > 1) {
            message.append('[');
        }
        for (int i = 0; i < causes.size(); i++) {
            Cause cause = causes.get(i);
            message.append(i == 0 ? "" : ", ")
                    .append(cause.field())
                    .append(": ")
                    .append(cause.message());
        }
        if (causes.size() > 1) {
            message.append(']');
        }
        JsonObject details = new JsonObject();
        details.addProperty("name", name);
        details.addProperty("group", kind.group);
        details.addProperty("kind", kind.kind);
        JsonArray array = new JsonArray();
        for (Cause cause : causes) {
            JsonObject c = new JsonObject();
            c.addProperty("reason", cause.reason());
            c.addProperty("message", cause.message());
            c.addProperty("field", cause.field());
            array.add(c);
        }
        details.add("causes", array);
        return failure(422, "Invalid", message.toString(), details);
    }

    static StatusException badRequest(String message) {
        return failure(400, "BadRequest", message, null);
    }

    /** A body that cannot be decoded into a Lease, worded like the apiserver's decoder error. */
    static StatusException undecodable(String why) {
        return undecodable(ServedKind.LEASES, why);
    }

    static StatusException undecodable(ServedKind kind, String why) {
        return badRequest(
                kind.kind
                        + " in version \"v1\" cannot be handled as a"
                        + (kind.kind.startsWith("E") ? "n " : " ")
                        + kind.kind
                        + ": "
                        + why);
    }

    static StatusException unauthorized() {
        return failure(401, "Unauthorized", "Unauthorized", null);
    }

    /**
     * The RBAC denial, e.g. {@code leases.coordination.k8s.io "x" is forbidden: User "u" cannot
     * update resource "leases" in API group "coordination.k8s.io" in the namespace "ns"}.
     *
     * @param name the lease name, or null for collection verbs (list, watch, create)
     * @param namespace null for cluster-wide requests
     */
    static StatusException forbidden(
            ServedKind kind, String user, String verb, String namespace, String name) {
        String qualified = kind.qualifiedResource();
        String subject = name == null ? qualified : qualified + " \"" + name + "\"";
        String scope =
                namespace == null
                        ? " at the cluster scope"
                        : " in the namespace \"" + namespace + "\"";
        String message =
                subject
                        + " is forbidden: User \""
                        + user
                        + "\" cannot "
                        + verb
                        + " resource \""
                        + kind.plural
                        + "\" in API group \""
                        + kind.group
                        + "\""
                        + scope;
        return failure(403, "Forbidden", message, details(kind, name));
    }

    static StatusException methodNotAllowed() {
        return failure(
                405,
                "MethodNotAllowed",
                "the server does not allow this method on the requested resource",
                null);
    }

    static StatusException pathNotFound() {
        return failure(404, "NotFound", "the server could not find the requested resource", null);
    }

    static StatusException unsupportedMediaType(String contentType) {
        return failure(
                415,
                "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include:"
                        + " application/json-patch+json, application/merge-patch+json,"
                        + " application/strategic-merge-patch+json, application/apply-patch+yaml"
                        + (contentType == null ? "" : " (got " + contentType + ")"),
                null);
    }

    /** The watch-cache answer for a resourceVersion older than the retained history. */
    static JsonObject expired(long requested, long floor) {
        return body(
                410,
                "Expired",
                "too old resource version: " + requested + " (" + floor + ")",
                null);
    }

    /** The watch-cache answer when a requested resourceVersion never arrives (3 s wait). */
    static JsonObject tooLargeResourceVersion(long requested, long current) {
        JsonObject details = new JsonObject();
        JsonArray causes = new JsonArray();
        JsonObject cause = new JsonObject();
        cause.addProperty("reason", "ResourceVersionTooLarge");
        cause.addProperty("message", "Too large resource version");
        causes.add(cause);
        details.add("causes", causes);
        details.addProperty("retryAfterSeconds", 1);
        return body(
                504,
                "Timeout",
                "Timeout: Too large resource version: " + requested + ", current: " + current,
                details);
    }

    /**
     * An injected fault answer with a {@code Retry-After} of {@code retryAfterSeconds} (-1: none).
     * A 429 is answered as kube-apiserver's API Priority and Fairness filter answers a shed
     * request: {@code http.Error}'s plain text, {@code Retry-After} always (1 when not given);
     * other codes as a Status, the header's value also in {@code details.retryAfterSeconds} as the
     * apiserver's StatusErrors carry it.
     */
    static StatusException injected(int code, int retryAfterSeconds) {
        StatusException plain = injected(code);
        if (code == 429) {
            return new StatusException(
                    plain.status(),
                    retryAfterSeconds < 0 ? 1 : retryAfterSeconds,
                    "Too many requests, please try again later.\n");
        }
        if (retryAfterSeconds < 0) {
            return plain;
        }
        JsonObject status = plain.status();
        JsonObject details = new JsonObject();
        details.addProperty("retryAfterSeconds", retryAfterSeconds);
        status.add("details", details);
        return new StatusException(status, retryAfterSeconds, null);
    }

    /** An injected fault answer, with the reason the apiserver would pair with that code. */
    static StatusException injected(int code) {
        String reason =
                switch (code) {
                    case 429 -> "TooManyRequests";
                    case 500 -> "InternalError";
                    case 503 -> "ServiceUnavailable";
                    case 504 -> "Timeout";
                    case 409 -> "Conflict";
                    case 403 -> "Forbidden";
                    case 401 -> "Unauthorized";
                    case 404 -> "NotFound";
                    default -> code >= 500 ? "InternalError" : "BadRequest";
                };
        return failure(code, reason, "injected fault: HTTP " + code + " (" + reason + ")", null);
    }

    /** The success body DELETE returns for a resource without graceful deletion. */
    static JsonObject deleted(ServedKind kind, String name, String uid) {
        JsonObject status = new JsonObject();
        status.addProperty("kind", "Status");
        status.addProperty("apiVersion", "v1");
        status.add("metadata", new JsonObject());
        status.addProperty("status", "Success");
        JsonObject details = details(kind, name);
        details.addProperty("uid", uid);
        status.add("details", details);
        return status;
    }

    private static JsonObject details(ServedKind kind, String name) {
        JsonObject details = new JsonObject();
        if (name != null) {
            details.addProperty("name", name);
        }
        details.addProperty("group", kind.group);
        details.addProperty("kind", kind.plural);
        return details;
    }

    private static StatusException failure(
            int code, String reason, String message, JsonObject details) {
        return new StatusException(body(code, reason, message, details));
    }

    static JsonObject body(int code, String reason, String message, JsonObject details) {
        JsonObject status = new JsonObject();
        status.addProperty("kind", "Status");
        status.addProperty("apiVersion", "v1");
        status.add("metadata", new JsonObject());
        status.addProperty("status", "Failure");
        status.addProperty("message", message);
        if (reason != null) {
            status.addProperty("reason", reason);
        }
        if (details != null) {
            status.add("details", details);
        }
        status.addProperty("code", code);
        return status;
    }
}
