package io.leadergate.devserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
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

    static final String V3_SLICE_GROUP_PATH = "/openapi/v3/apis/discovery.k8s.io/v1";
    private static final String SLICE = "io.k8s.api.discovery.v1.";
    private static final String OBJECT_REFERENCE = "io.k8s.api.core.v1.ObjectReference";

    private static final JsonObject V3_GROUP = document(true, List.of(ServedKind.LEASES));
    private static final JsonObject V3_SLICE_GROUP =
            document(true, List.of(ServedKind.ENDPOINT_SLICES));
    private static final JsonObject V2 = document(false, List.of(ServedKind.values()));
    private static final String V3_HASH = hash(HttpReplies.GSON.toJson(V3_GROUP));
    private static final String V3_SLICE_HASH = hash(HttpReplies.GSON.toJson(V3_SLICE_GROUP));

    private OpenApi() {}

    static JsonObject v2() {
        return V2;
    }

    static JsonObject v3Group() {
        return V3_GROUP;
    }

    /** The discovery.k8s.io/v1 document: the EndpointSlice schemas and paths. */
    static JsonObject v3SliceGroup() {
        return V3_SLICE_GROUP;
    }

    /** The v3 index: one entry per group version, addressed with the hash kubectl caches it by. */
    static JsonObject v3Index() {
        JsonObject entry = new JsonObject();
        entry.addProperty("serverRelativeURL", V3_GROUP_PATH + "?hash=" + V3_HASH);
        JsonObject slices = new JsonObject();
        slices.addProperty("serverRelativeURL", V3_SLICE_GROUP_PATH + "?hash=" + V3_SLICE_HASH);
        JsonObject paths = new JsonObject();
        paths.add("apis/coordination.k8s.io/v1", entry);
        paths.add("apis/discovery.k8s.io/v1", slices);
        JsonObject index = new JsonObject();
        index.add("paths", paths);
        return index;
    }

    private static JsonObject document(boolean v3, List<ServedKind> kinds) {
        String ref = v3 ? "#/components/schemas/" : "#/definitions/";
        JsonObject schemas = new JsonObject();
        if (kinds.contains(ServedKind.ENDPOINT_SLICES)) {
            sliceSchemas(schemas, ref);
        }
        if (kinds.contains(ServedKind.LEASES)) {
            leaseSchemas(schemas, ref);
        }
        metaSchemas(schemas, ref);
        JsonObject doc = new JsonObject();
        JsonObject info = new JsonObject();
        info.addProperty("title", "Kubernetes");
        info.addProperty("version", "v1.33.0-leadergate-devserver");
        JsonObject paths = new JsonObject();
        for (ServedKind kind : kinds) {
            paths(paths, ref, kind);
        }
        if (v3) {
            doc.addProperty("openapi", "3.0.0");
            doc.add("info", info);
            doc.add("paths", paths);
            JsonObject components = new JsonObject();
            components.add("schemas", schemas);
            doc.add("components", components);
        } else {
            doc.addProperty("swagger", "2.0");
            doc.add("info", info);
            doc.add("paths", paths);
            doc.add("definitions", schemas);
        }
        return doc;
    }

    private static void leaseSchemas(JsonObject schemas, String ref) {
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
    }

    /** discovery.k8s.io/v1's schemas, as kube-apiserver names and documents them. */
    private static void sliceSchemas(JsonObject schemas, String ref) {
        String g = "discovery.k8s.io";
        schemas.add(
                SLICE + "EndpointSlice",
                object(
                                "EndpointSlice represents a set of service endpoints.",
                                gvk(g, "EndpointSlice"))
                        .with(
                                "addressType",
                                string(
                                        "addressType specifies the type of address carried by this EndpointSlice. Possible values: \"FQDN\", \"IPv4\", \"IPv6\"."))
                        .with(
                                "apiVersion",
                                string(
                                        "APIVersion defines the versioned schema of this representation of an object."))
                        .with(
                                "endpoints",
                                atomic(
                                        array(
                                                ref(ref, SLICE + "Endpoint", null),
                                                "endpoints is a list of unique endpoints in this slice.")))
                        .with(
                                "kind",
                                string(
                                        "Kind is a string value representing the REST resource this object represents."))
                        .with(
                                "metadata",
                                ref(ref, META + "ObjectMeta", "Standard object's metadata."))
                        .with(
                                "ports",
                                atomic(
                                        array(
                                                ref(ref, SLICE + "EndpointPort", null),
                                                "ports specifies the list of network ports exposed by each endpoint in this slice.")))
                        .required("addressType", "endpoints")
                        .done());
        schemas.add(
                SLICE + "EndpointSliceList",
                object(
                                "EndpointSliceList represents a list of endpoint slices",
                                gvk(g, "EndpointSliceList"))
                        .with(
                                "apiVersion",
                                string(
                                        "APIVersion defines the versioned schema of this representation of an object."))
                        .with(
                                "items",
                                array(
                                        ref(ref, SLICE + "EndpointSlice", null),
                                        "items is the list of endpoint slices"))
                        .with(
                                "kind",
                                string(
                                        "Kind is a string value representing the REST resource this object represents."))
                        .with("metadata", ref(ref, META + "ListMeta", "Standard list metadata."))
                        .required("items")
                        .done());
        schemas.add(
                SLICE + "Endpoint",
                object(
                                "Endpoint represents a single logical \"backend\" implementing a service.",
                                null)
                        .with(
                                "addresses",
                                atomic(array(string(null), "addresses of this endpoint.")))
                        .with(
                                "conditions",
                                ref(
                                        ref,
                                        SLICE + "EndpointConditions",
                                        "conditions contains information about the current status of the endpoint."))
                        .with(
                                "deprecatedTopology",
                                stringMap(
                                        "deprecatedTopology contains topology information part of the v1beta1 API."))
                        .with(
                                "hints",
                                ref(
                                        ref,
                                        SLICE + "EndpointHints",
                                        "hints contains information associated with how an endpoint should be consumed."))
                        .with("hostname", string("hostname of this endpoint."))
                        .with(
                                "nodeName",
                                string(
                                        "nodeName represents the name of the Node hosting this endpoint."))
                        .with(
                                "targetRef",
                                ref(
                                        ref,
                                        OBJECT_REFERENCE,
                                        "targetRef is a reference to a Kubernetes object that represents this endpoint."))
                        .with(
                                "zone",
                                string("zone is the name of the Zone this endpoint exists in."))
                        .required("addresses")
                        .done());
        schemas.add(
                SLICE + "EndpointConditions",
                object("EndpointConditions represents the current condition of an endpoint.", null)
                        .with(
                                "ready",
                                bool(
                                        "ready indicates that this endpoint is ready to receive traffic."))
                        .with(
                                "serving",
                                bool(
                                        "serving indicates that this endpoint is able to receive traffic."))
                        .with(
                                "terminating",
                                bool("terminating indicates that this endpoint is terminating."))
                        .done());
        schemas.add(
                SLICE + "EndpointHints",
                object(
                                "EndpointHints provides hints describing how an endpoint should be consumed.",
                                null)
                        .with(
                                "forNodes",
                                atomic(
                                        array(
                                                ref(ref, SLICE + "ForNode", null),
                                                "forNodes indicates the node(s) this endpoint should be consumed by.")))
                        .with(
                                "forZones",
                                atomic(
                                        array(
                                                ref(ref, SLICE + "ForZone", null),
                                                "forZones indicates the zone(s) this endpoint should be consumed by.")))
                        .done());
        schemas.add(
                SLICE + "ForNode",
                object(
                                "ForNode provides information about which nodes should consume this endpoint.",
                                null)
                        .with("name", string("name represents the name of the node."))
                        .required("name")
                        .done());
        schemas.add(
                SLICE + "ForZone",
                object(
                                "ForZone provides information about which zones should consume this endpoint.",
                                null)
                        .with("name", string("name represents the name of the zone."))
                        .required("name")
                        .done());
        schemas.add(
                SLICE + "EndpointPort",
                object("EndpointPort represents a Port used by an EndpointSlice", null)
                        .with("appProtocol", string("The application protocol for this port."))
                        .with("name", string("name represents the name of this port."))
                        .with(
                                "port",
                                integer(
                                        "int32",
                                        "port represents the port number of the endpoint."))
                        .with(
                                "protocol",
                                string(
                                        "protocol represents the IP protocol for this port. Must be UDP, TCP, or SCTP. Default is TCP."))
                        .done());
        schemas.add(
                OBJECT_REFERENCE,
                object(
                                "ObjectReference contains enough information to let you inspect or modify the referred object.",
                                null)
                        .with("apiVersion", string("API version of the referent."))
                        .with(
                                "fieldPath",
                                string(
                                        "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement."))
                        .with("kind", string("Kind of the referent."))
                        .with("name", string("Name of the referent."))
                        .with("namespace", string("Namespace of the referent."))
                        .with(
                                "resourceVersion",
                                string(
                                        "Specific resourceVersion to which this reference is made, if any."))
                        .with("uid", string("UID of the referent."))
                        .done());
    }

    private static JsonObject atomic(JsonObject list) {
        list.addProperty("x-kubernetes-list-type", "atomic");
        return list;
    }

    /** The metadata schemas every group document refers to. */
    private static void metaSchemas(JsonObject schemas, String ref) {
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
    }

    /** A kind's paths with the operations and query parameters kubectl looks for. */
    private static void paths(JsonObject paths, String ref, ServedKind kind) {
        JsonObject item = new JsonObject();
        item.add("get", operation(kind, "read", "get", ref));
        item.add(
                "put",
                operation(
                        kind, "replace", "put", ref, "dryRun", "fieldManager", "fieldValidation"));
        item.add(
                "patch",
                operation(
                        kind,
                        "patch",
                        "patch",
                        ref,
                        "dryRun",
                        "fieldManager",
                        "fieldValidation",
                        "force"));
        item.add(
                "delete", operation(kind, "delete", "delete", ref, "dryRun", "gracePeriodSeconds"));
        item.add("parameters", parameters("path", "name", "namespace"));
        String collectionPath = kind.groupVersionPath() + "/namespaces/{namespace}/" + kind.plural;
        paths.add(collectionPath + "/{name}", item);
        JsonObject collection = new JsonObject();
        collection.add(
                "get",
                operation(
                        kind,
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
                operation(
                        kind, "create", "post", ref, "dryRun", "fieldManager", "fieldValidation"));
        collection.add("parameters", parameters("path", "namespace"));
        paths.add(collectionPath, collection);
    }

    private static JsonObject operation(
            ServedKind kind, String action, String verb, String ref, String... queryParameters) {
        String group = kind.group.substring(0, kind.group.indexOf('.'));
        String groupName = Character.toUpperCase(group.charAt(0)) + group.substring(1);
        JsonObject op = new JsonObject();
        op.addProperty("operationId", action + groupName + "V1Namespaced" + kind.kind);
        JsonArray tags = new JsonArray();
        tags.add(group + "_v1");
        op.add("tags", tags);
        op.add("parameters", parameters("query", queryParameters));
        JsonObject ok = new JsonObject();
        ok.addProperty("description", "OK");
        JsonObject responses = new JsonObject();
        responses.add("200", ok);
        op.add("responses", responses);
        op.addProperty("x-kubernetes-action", verb);
        JsonObject gvk = new JsonObject();
        gvk.addProperty("group", kind.group);
        gvk.addProperty("kind", action.equals("list") ? kind.kind + "List" : kind.kind);
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
        return gvk(StatusBodies.GROUP, kind);
    }

    private static JsonArray gvk(String group, String kind) {
        JsonObject entry = new JsonObject();
        entry.addProperty("group", group);
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
