package io.leadergate.devserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The OpenAPI documents kubectl reads before it writes: {@code /openapi/v3} (the index), {@code
 * /openapi/v3/apis/coordination.k8s.io/v1} (schemas and the Lease paths, whose PATCH operation
 * lists {@code fieldValidation}, so kubectl leaves validation to this server) and {@code
 * /openapi/v2} (JSON). The schemas are kube-apiserver's for the Lease and the metadata it uses,
 * with the same definition names, so {@code kubectl explain lease} reads as upstream.
 */
final class OpenApi {
    static final String V3_GROUP_PATH = "/openapi/v3/apis/coordination.k8s.io/v1";
    private static final String LEASE = "io.k8s.api.coordination.v1.Lease";
    private static final String LEASE_LIST = "io.k8s.api.coordination.v1.LeaseList";
    private static final String LEASE_SPEC = "io.k8s.api.coordination.v1.LeaseSpec";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

    private static final JsonObject V3_GROUP = document(true);
    private static final JsonObject V2 = document(false);
    private static final String V3_HASH = hash(HttpReplies.GSON.toJson(V3_GROUP));

    private OpenApi() {}

    static JsonObject v2() {
        return V2;
    }

    static JsonObject v3Group() {
        return V3_GROUP;
    }

    /** The v3 index: one group version, addressed with the hash kubectl caches it by. */
    static JsonObject v3Index() {
        JsonObject entry = new JsonObject();
        entry.addProperty("serverRelativeURL", V3_GROUP_PATH + "?hash=" + V3_HASH);
        JsonObject paths = new JsonObject();
        paths.add("apis/coordination.k8s.io/v1", entry);
        JsonObject index = new JsonObject();
        index.add("paths", paths);
        return index;
    }

    private static JsonObject document(boolean v3) {
        String ref = v3 ? "#/components/schemas/" : "#/definitions/";
        JsonObject schemas = new JsonObject();
        schemas.add(
                LEASE,
                object("Lease defines a lease concept.", gvk("Lease"))
                        .with(
                                "apiVersion",
                                string(
                                        "APIVersion defines the versioned schema of this representation of an object."))
                        .with(
                                "kind",
                                string(
                                        "Kind is a string value representing the REST resource this object represents."))
                        .with(
                                "metadata",
                                ref(
                                        ref,
                                        META + "ObjectMeta",
                                        "More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"))
                        .with(
                                "spec",
                                ref(
                                        ref,
                                        LEASE_SPEC,
                                        "spec contains the specification of the Lease. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"))
                        .done());
        schemas.add(
                LEASE_LIST,
                object("LeaseList is a list of Lease objects.", gvk("LeaseList"))
                        .with(
                                "apiVersion",
                                string(
                                        "APIVersion defines the versioned schema of this representation of an object."))
                        .with(
                                "items",
                                array(ref(ref, LEASE, null), "items is a list of schema objects."))
                        .with(
                                "kind",
                                string(
                                        "Kind is a string value representing the REST resource this object represents."))
                        .with("metadata", ref(ref, META + "ListMeta", "Standard list metadata."))
                        .required("items")
                        .done());
        schemas.add(
                LEASE_SPEC,
                object("LeaseSpec is a specification of a Lease.", null)
                        .with(
                                "acquireTime",
                                ref(
                                        ref,
                                        META + "MicroTime",
                                        "acquireTime is a time when the current lease was acquired."))
                        .with(
                                "holderIdentity",
                                string(
                                        "holderIdentity contains the identity of the holder of a current lease."))
                        .with(
                                "leaseDurationSeconds",
                                integer(
                                        "int32",
                                        "leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it. This is measured against the time of last observed renewTime."))
                        .with(
                                "leaseTransitions",
                                integer(
                                        "int32",
                                        "leaseTransitions is the number of transitions of a lease between holders."))
                        .with(
                                "preferredHolder",
                                string(
                                        "PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up."))
                        .with(
                                "renewTime",
                                ref(
                                        ref,
                                        META + "MicroTime",
                                        "renewTime is a time when the current holder of a lease has last updated the lease."))
                        .with(
                                "strategy",
                                string(
                                        "Strategy indicates the strategy for picking the leader for coordinated leader election."))
                        .done());
        schemas.add(
                META + "ObjectMeta",
                object(
                                "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
                                null)
                        .with(
                                "annotations",
                                stringMap(
                                        "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata."))
                        .with(
                                "creationTimestamp",
                                ref(
                                        ref,
                                        META + "Time",
                                        "CreationTimestamp is a timestamp representing the server time when this object was created."))
                        .with(
                                "deletionGracePeriodSeconds",
                                integer(
                                        "int64",
                                        "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system."))
                        .with(
                                "deletionTimestamp",
                                ref(
                                        ref,
                                        META + "Time",
                                        "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted."))
                        .with(
                                "finalizers",
                                array(
                                        string(null),
                                        "Must be empty before the object is deleted from the registry."))
                        .with(
                                "generateName",
                                string(
                                        "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided."))
                        .with(
                                "generation",
                                integer(
                                        "int64",
                                        "A sequence number representing a specific generation of the desired state."))
                        .with(
                                "labels",
                                stringMap(
                                        "Map of string keys and values that can be used to organize and categorize (scope and select) objects."))
                        .with(
                                "managedFields",
                                array(
                                        ref(ref, META + "ManagedFieldsEntry", null),
                                        "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow."))
                        .with("name", string("Name must be unique within a namespace."))
                        .with(
                                "namespace",
                                string(
                                        "Namespace defines the space within which each name must be unique."))
                        .with(
                                "ownerReferences",
                                array(
                                        ref(ref, META + "OwnerReference", null),
                                        "List of objects depended by this object."))
                        .with(
                                "resourceVersion",
                                string(
                                        "An opaque value that represents the internal version of this object."))
                        .with(
                                "selfLink",
                                string(
                                        "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."))
                        .with(
                                "uid",
                                string(
                                        "UID is the unique in time and space value for this object."))
                        .done());
        schemas.add(
                META + "ListMeta",
                object(
                                "ListMeta describes metadata that synthetic resources must have, including lists and various status objects.",
                                null)
                        .with(
                                "continue",
                                string(
                                        "continue may be set if the user set a limit on the number of items returned."))
                        .with(
                                "remainingItemCount",
                                integer(
                                        "int64",
                                        "remainingItemCount is the number of subsequent items in the list which are not included in this list response."))
                        .with(
                                "resourceVersion",
                                string(
                                        "String that identifies the server's internal version of this object."))
                        .with(
                                "selfLink",
                                string(
                                        "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."))
                        .done());
        schemas.add(
                META + "ManagedFieldsEntry",
                object(
                                "ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.",
                                null)
                        .with(
                                "apiVersion",
                                string(
                                        "APIVersion defines the version of this resource that this field set applies to."))
                        .with(
                                "fieldsType",
                                string(
                                        "FieldsType is the discriminator for the different fields format and version."))
                        .with(
                                "fieldsV1",
                                ref(
                                        ref,
                                        META + "FieldsV1",
                                        "FieldsV1 holds the first JSON version format as described in the \"FieldsV1\" type."))
                        .with(
                                "manager",
                                string(
                                        "Manager is an identifier of the workflow managing these fields."))
                        .with(
                                "operation",
                                string(
                                        "Operation is the type of operation which lead to this ManagedFieldsEntry being created."))
                        .with(
                                "subresource",
                                string(
                                        "Subresource is the name of the subresource used to update that object."))
                        .with(
                                "time",
                                ref(
                                        ref,
                                        META + "Time",
                                        "Time is the timestamp of when the ManagedFields entry was added."))
                        .done());
        schemas.add(
                META + "OwnerReference",
                object(
                                "OwnerReference contains enough information to let you identify an owning object.",
                                null)
                        .with("apiVersion", string("API version of the referent."))
                        .with(
                                "blockOwnerDeletion",
                                bool(
                                        "If true, AND if the owner has the \"foregroundDeletion\" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed."))
                        .with(
                                "controller",
                                bool("If true, this reference points to the managing controller."))
                        .with("kind", string("Kind of the referent."))
                        .with("name", string("Name of the referent."))
                        .with("uid", string("UID of the referent."))
                        .required("apiVersion", "kind", "name", "uid")
                        .done());
        schemas.add(
                META + "FieldsV1",
                object(
                                "FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.",
                                null)
                        .done());
        schemas.add(
                META + "MicroTime",
                timeSchema("MicroTime is version of Time with microsecond level precision."));
        schemas.add(
                META + "Time",
                timeSchema(
                        "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON."));

        JsonObject doc = new JsonObject();
        JsonObject info = new JsonObject();
        info.addProperty("title", "Kubernetes");
        info.addProperty("version", "v1.33.0-leadergate-devserver");
        if (v3) {
            doc.addProperty("openapi", "3.0.0");
            doc.add("info", info);
            doc.add("paths", paths(ref));
            JsonObject components = new JsonObject();
            components.add("schemas", schemas);
            doc.add("components", components);
        } else {
            doc.addProperty("swagger", "2.0");
            doc.add("info", info);
            doc.add("paths", paths(ref));
            doc.add("definitions", schemas);
        }
        return doc;
    }

    /** The Lease paths with the operations and query parameters kubectl looks for. */
    private static JsonObject paths(String ref) {
        JsonObject paths = new JsonObject();
        JsonObject item = new JsonObject();
        item.add("get", operation("read", "get", ref));
        item.add(
                "put",
                operation("replace", "put", ref, "dryRun", "fieldManager", "fieldValidation"));
        item.add(
                "patch",
                operation(
                        "patch",
                        "patch",
                        ref,
                        "dryRun",
                        "fieldManager",
                        "fieldValidation",
                        "force"));
        item.add("delete", operation("delete", "delete", ref, "dryRun", "gracePeriodSeconds"));
        item.add("parameters", parameters("path", "name", "namespace"));
        paths.add("/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/{name}", item);
        JsonObject collection = new JsonObject();
        collection.add(
                "get",
                operation(
                        "list",
                        "list",
                        ref,
                        "fieldSelector",
                        "labelSelector",
                        "resourceVersion",
                        "timeoutSeconds",
                        "watch"));
        collection.add(
                "post",
                operation("create", "post", ref, "dryRun", "fieldManager", "fieldValidation"));
        collection.add("parameters", parameters("path", "namespace"));
        paths.add("/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases", collection);
        return paths;
    }

    private static JsonObject operation(
            String action, String verb, String ref, String... queryParameters) {
        JsonObject op = new JsonObject();
        op.addProperty("operationId", action + "CoordinationV1NamespacedLease");
        JsonArray tags = new JsonArray();
        tags.add("coordination_v1");
        op.add("tags", tags);
        op.add("parameters", parameters("query", queryParameters));
        JsonObject ok = new JsonObject();
        ok.addProperty("description", "OK");
        JsonObject responses = new JsonObject();
        responses.add("200", ok);
        op.add("responses", responses);
        op.addProperty("x-kubernetes-action", verb);
        JsonObject gvk = new JsonObject();
        gvk.addProperty("group", StatusBodies.GROUP);
        gvk.addProperty("kind", action.equals("list") ? "LeaseList" : "Lease");
        gvk.addProperty("version", "v1");
        op.add("x-kubernetes-group-version-kind", gvk);
        return op;
    }

    private static JsonArray parameters(String in, String... names) {
        JsonArray parameters = new JsonArray();
        for (String name : names) {
            JsonObject parameter = new JsonObject();
            parameter.addProperty("name", name);
            parameter.addProperty("in", in);
            if (in.equals("path")) {
                parameter.addProperty("required", true);
            }
            JsonObject schema = new JsonObject();
            schema.addProperty(
                    "type",
                    name.equals("force") || name.equals("watch")
                            ? "boolean"
                            : name.equals("timeoutSeconds") || name.equals("gracePeriodSeconds")
                                    ? "integer"
                                    : "string");
            parameter.add("schema", schema);
            parameter.addProperty(
                    "type", schema.get("type").getAsString()); // v2 keeps the type on the parameter
            parameter.addProperty("uniqueItems", true);
            parameters.add(parameter);
        }
        return parameters;
    }

    private static JsonArray gvk(String kind) {
        JsonObject entry = new JsonObject();
        entry.addProperty("group", StatusBodies.GROUP);
        entry.addProperty("kind", kind);
        entry.addProperty("version", "v1");
        JsonArray list = new JsonArray();
        list.add(entry);
        return list;
    }

    /** Builds an object schema field by field. */
    private static final class Schema {
        private final JsonObject schema = new JsonObject();
        private final JsonObject properties = new JsonObject();

        Schema with(String name, JsonObject property) {
            properties.add(name, property);
            return this;
        }

        Schema required(String... names) {
            JsonArray required = new JsonArray();
            for (String name : names) {
                required.add(name);
            }
            schema.add("required", required);
            return this;
        }

        JsonObject done() {
            if (properties.size() > 0) {
                schema.add("properties", properties);
            }
            return schema;
        }
    }

    private static Schema object(String description, JsonArray gvk) {
        Schema schema = new Schema();
        schema.schema.addProperty("description", description);
        schema.schema.addProperty("type", "object");
        if (gvk != null) {
            schema.schema.add("x-kubernetes-group-version-kind", gvk);
        }
        return schema;
    }

    private static JsonObject string(String description) {
        return typed("string", null, description);
    }

    private static JsonObject integer(String format, String description) {
        return typed("integer", format, description);
    }

    private static JsonObject bool(String description) {
        return typed("boolean", null, description);
    }

    private static JsonObject typed(String type, String format, String description) {
        JsonObject property = new JsonObject();
        if (description != null) {
            property.addProperty("description", description);
        }
        property.addProperty("type", type);
        if (format != null) {
            property.addProperty("format", format);
        }
        return property;
    }

    private static JsonObject timeSchema(String description) {
        return typed("string", "date-time", description);
    }

    private static JsonObject stringMap(String description) {
        JsonObject map = typed("object", null, description);
        map.add("additionalProperties", string(null));
        return map;
    }

    private static JsonObject array(JsonObject items, String description) {
        JsonObject array = typed("array", null, description);
        array.add("items", items);
        return array;
    }

    private static JsonObject ref(String prefix, String name, String description) {
        JsonObject property = new JsonObject();
        if (description != null) {
            property.addProperty("description", description);
        }
        property.addProperty("$ref", prefix + name);
        return property;
    }

    private static String hash(String text) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-512")
                            .digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
