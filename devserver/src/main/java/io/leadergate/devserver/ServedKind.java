package io.leadergate.devserver;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * The kinds this server stores and serves through the same REST machinery ({@link LeaseResource},
 * {@link LeaseStore}, {@link WatchStream}, {@link Tables}): what differs between them is the group,
 * the names, the schema (decoding with pruning, validation) and the printer columns.
 */
enum ServedKind {
    /** coordination.k8s.io/v1 Lease: what the agents elect on. */
    LEASES("coordination.k8s.io", "Lease", "leases", "lease") {
        @Override
        JsonObject decode(JsonObject raw, List<String> unknown) {
            return LeaseDecoder.decode(raw, unknown);
        }

        @Override
        void validate(JsonObject object) {
            Validation.validate(object);
        }

        @Override
        List<Tables.Column> columns() {
            return List.of(Tables.Column.HOLDER);
        }

        @Override
        List<String> cells(JsonObject lease) {
            JsonObject spec = lease.getAsJsonObject("spec");
            JsonElement holder = spec == null ? null : spec.get("holderIdentity");
            return List.of(holder == null || holder.isJsonNull() ? "" : holder.getAsString());
        }
    },

    /**
     * discovery.k8s.io/v1 EndpointSlice: what {@code leadergate.leader.service} keeps pointing at
     * the leader, for a Service without a selector.
     */
    ENDPOINT_SLICES("discovery.k8s.io", "EndpointSlice", "endpointslices", "endpointslice") {
        @Override
        JsonObject decode(JsonObject raw, List<String> unknown) {
            return EndpointSliceSchema.decode(raw, unknown);
        }

        @Override
        void validate(JsonObject object) {
            EndpointSliceSchema.validate(object);
        }

        @Override
        List<Tables.Column> columns() {
            return List.of(
                    Tables.Column.ADDRESS_TYPE, Tables.Column.PORTS, Tables.Column.ENDPOINTS);
        }

        @Override
        List<String> cells(JsonObject slice) {
            return EndpointSliceSchema.cells(slice);
        }

        @Override
        void checkUpdate(JsonObject current, JsonObject desired) {
            EndpointSliceSchema.checkUpdate(current, desired);
        }
    };

    final String group;
    final String kind;
    final String plural;
    final String singular;

    ServedKind(String group, String kind, String plural, String singular) {
        this.group = group;
        this.kind = kind;
        this.plural = plural;
        this.singular = singular;
    }

    /** {@code coordination.k8s.io/v1}. */
    String apiVersion() {
        return group + "/v1";
    }

    /** {@code /apis/coordination.k8s.io/v1}. */
    String groupVersionPath() {
        return "/apis/" + apiVersion();
    }

    /** {@code leases.coordination.k8s.io}, as Status messages name a resource. */
    String qualifiedResource() {
        return plural + "." + group;
    }

    /**
     * Decodes a request body into the kind's canonical form (a new object), adding the path of
     * every field its schema does not declare to {@code unknown}; such fields are pruned.
     */
    abstract JsonObject decode(JsonObject raw, List<String> unknown);

    /** Validates a decoded object whose name and namespace are final; 422 Invalid otherwise. */
    abstract void validate(JsonObject object);

    /** The update rules beyond {@link #validate} (immutable fields); 422 Invalid otherwise. */
    void checkUpdate(JsonObject current, JsonObject desired) {}

    /** The printer columns between NAME and AGE. */
    abstract List<Tables.Column> columns();

    /** The cells of {@link #columns()} for one object. */
    abstract List<String> cells(JsonObject object);

    /** The kind served under {@code /apis/GROUP/v1}, or null. */
    static ServedKind ofGroupVersionPath(String path) {
        for (ServedKind kind : values()) {
            if (path.equals(kind.groupVersionPath())
                    || path.startsWith(kind.groupVersionPath() + "/")) {
                return kind;
            }
        }
        return null;
    }
}
