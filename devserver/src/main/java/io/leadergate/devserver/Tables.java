package io.leadergate.devserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Server-side printing ({@code Accept: application/json;as=Table;g=meta.k8s.io;v=v1}), as
 * kube-apiserver's printers do (pkg/printers/internalversion): NAME, the kind's columns ({@link
 * ServedKind#columns()}: HOLDER for leases, ADDRESSTYPE, PORTS, ENDPOINTS for endpoint slices),
 * AGE; rows carrying the object's metadata as a {@code PartialObjectMetadata} unless {@code
 * includeObject=Object} (or {@code None}) asks otherwise.
 */
final class Tables {
    private static final String NAME_DOC =
            "Name must be unique within a namespace. Is required when creating resources, although some resources may"
                    + " allow a client to request the generation of an appropriate name automatically. Name is primarily"
                    + " intended for creation idempotence and configuration definition. Cannot be updated. More info:"
                    + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
    private static final String HOLDER_DOC =
            "holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is"
                    + " used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.";
    private static final String AGE_DOC =
            "CreationTimestamp is a timestamp representing the server time when this object was created. It is not"
                    + " guaranteed to be set in happens-before order across separate operations. Clients may not set this"
                    + " value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null"
                    + " for lists. More info:"
                    + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    private static final String ADDRESS_TYPE_DOC =
            "addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice"
                    + " must be the same type. This field is immutable after creation.";
    private static final String PORTS_DOC =
            "ports specifies the list of network ports exposed by each endpoint in this slice.";
    private static final String ENDPOINTS_DOC =
            "endpoints is a list of unique endpoints in this slice.";

    /** A printer column: header, OpenAPI format and description, as in columnDefinitions. */
    record Column(String name, String format, String description) {
        static final Column NAME = new Column("Name", "name", NAME_DOC);
        static final Column HOLDER = new Column("Holder", "", HOLDER_DOC);
        static final Column ADDRESS_TYPE = new Column("AddressType", "", ADDRESS_TYPE_DOC);
        static final Column PORTS = new Column("Ports", "", PORTS_DOC);
        static final Column ENDPOINTS = new Column("Endpoints", "", ENDPOINTS_DOC);
        static final Column AGE = new Column("Age", "", AGE_DOC);
    }

    private Tables() {}

    /**
     * The Table version the client asked for ({@code v1} or {@code v1beta1}), or null when its
     * Accept header does not ask for a Table (then the object is served as itself).
     */
    static String requestedVersion(String accept) {
        if (accept == null) {
            return null;
        }
        for (String range : accept.split(",")) {
            String asTable = null;
            String group = null;
            String version = null;
            for (String parameter : range.split(";")) {
                String[] pair = parameter.trim().split("=", 2);
                if (pair.length == 2) {
                    switch (pair[0].trim()) {
                        case "as" -> asTable = pair[1].trim();
                        case "g" -> group = pair[1].trim();
                        case "v" -> version = pair[1].trim();
                        default -> {}
                    }
                }
            }
            if ("Table".equals(asTable)
                    && "meta.k8s.io".equals(group)
                    && ("v1".equals(version) || "v1beta1".equals(version))) {
                return version;
            }
        }
        return null;
    }

    /** The Content-Type of a Table answer. */
    static String contentType(String version) {
        return "application/json;as=Table;v=" + version + ";g=meta.k8s.io";
    }

    /** One object as a one-row Table. */
    static JsonObject ofObject(
            ServedKind kind,
            JsonObject object,
            String version,
            String includeObject,
            boolean withColumns) {
        JsonArray rows = new JsonArray();
        rows.add(row(kind, object, includeObject));
        JsonObject metadata = new JsonObject();
        metadata.addProperty(
                "resourceVersion", LeaseJson.metadataString(object, "resourceVersion"));
        return table(kind, version, metadata, rows, withColumns);
    }

    /** A list as a Table, one row per item, keeping the list's metadata. */
    static JsonObject ofList(
            ServedKind kind, JsonObject list, String version, String includeObject) {
        JsonArray rows = new JsonArray();
        for (JsonElement item : list.getAsJsonArray("items")) {
            rows.add(row(kind, item.getAsJsonObject(), includeObject));
        }
        return table(kind, version, list.getAsJsonObject("metadata").deepCopy(), rows, true);
    }

    private static JsonObject table(
            ServedKind kind,
            String version,
            JsonObject metadata,
            JsonArray rows,
            boolean withColumns) {
        JsonObject table = new JsonObject();
        table.addProperty("kind", "Table");
        table.addProperty("apiVersion", "meta.k8s.io/" + version);
        table.add("metadata", metadata);
        JsonArray columns = new JsonArray();
        if (withColumns) {
            columns.add(column(Column.NAME));
            for (Column column : kind.columns()) {
                columns.add(column(column));
            }
            columns.add(column(Column.AGE));
        }
        table.add("columnDefinitions", columns);
        table.add("rows", rows);
        return table;
    }

    private static JsonObject column(Column definition) {
        JsonObject column = new JsonObject();
        column.addProperty("name", definition.name());
        column.addProperty("type", "string");
        column.addProperty("format", definition.format());
        column.addProperty("description", definition.description());
        column.addProperty("priority", 0);
        return column;
    }

    private static JsonObject row(ServedKind kind, JsonObject lease, String includeObject) {
        JsonArray cells = new JsonArray();
        cells.add(LeaseJson.metadataString(lease, "name"));
        for (String cell : kind.cells(lease)) {
            cells.add(cell);
        }
        cells.add(age(LeaseJson.metadataString(lease, "creationTimestamp"), Instant.now()));
        JsonObject row = new JsonObject();
        row.add("cells", cells);
        switch (includeObject == null || includeObject.isEmpty() ? "Metadata" : includeObject) {
            case "None" -> {}
            case "Object" -> row.add("object", lease);
            default -> {
                JsonObject partial = new JsonObject();
                partial.addProperty("kind", "PartialObjectMetadata");
                partial.addProperty("apiVersion", "meta.k8s.io/v1");
                partial.add("metadata", lease.getAsJsonObject("metadata"));
                row.add("object", partial);
            }
        }
        return row;
    }

    /** {@code translateTimestampSince}: "<unknown>" without a timestamp, else a human duration. */
    static String age(String creationTimestamp, Instant now) {
        if (creationTimestamp == null || creationTimestamp.isEmpty()) {
            return "<unknown>";
        }
        try {
            return humanDuration(Duration.between(Instant.parse(creationTimestamp), now));
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }

    /**
     * apimachinery's {@code duration.HumanDuration}: two significant units at most, as kubectl
     * prints ages.
     */
    static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = d.toMinutes();
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : String.format(Locale.ROOT, "%dm%ds", minutes, s);
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = d.toHours();
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : String.format(Locale.ROOT, "%dh%dm", hours, m);
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0
                    ? (hours / 24) + "d"
                    : String.format(Locale.ROOT, "%dd%dh", hours / 24, h);
        } else if (hours < 24 * 365 * 2) {
            return (hours / 24) + "d";
        } else if (hours < 24 * 365 * 8) {
            long days = (hours / 24) % 365;
            return days == 0
                    ? (hours / 24 / 365) + "y"
                    : String.format(Locale.ROOT, "%dy%dd", hours / 24 / 365, days);
        }
        return (hours / 24 / 365) + "y";
    }
}
