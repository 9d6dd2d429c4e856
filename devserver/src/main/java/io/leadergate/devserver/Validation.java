package io.leadergate.devserver;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.leadergate.devserver.StatusBodies.Cause;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The apiserver's Lease validation (ValidateLease / ValidateLeaseSpec and the ObjectMeta rules it
 * uses), reported as 422 Invalid with one cause per field error, messages worded as upstream.
 */
final class Validation {
    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern QUALIFIED_NAME_PART =
            Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE =
            Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

    private static final String SUBDOMAIN_MESSAGE =
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
                    + " '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex"
                    + " used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private static final String LABEL_MESSAGE =
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and"
                    + " must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc',"
                    + " regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private Validation() {}

    /** True when {@code namespace} could name a namespace (an RFC 1123 label). */
    static boolean isNamespaceName(String namespace) {
        return namespace.length() <= 63 && DNS1123_LABEL.matcher(namespace).matches();
    }

    /**
     * Validates a decoded Lease whose metadata.name and namespace are already final.
     *
     * @throws StatusException 422 Invalid listing every field error
     */
    static void validate(JsonObject lease) {
        List<Cause> causes = metadataCauses(lease);
        checkSpec(lease.getAsJsonObject("spec"), causes);
        if (!causes.isEmpty()) {
            String name = string(lease.getAsJsonObject("metadata"), "name");
            throw StatusBodies.invalid(name == null ? "" : name, causes);
        }
    }

    /** The ObjectMeta errors of any namespaced object (name, namespace, labels, annotations). */
    static List<Cause> metadataCauses(JsonObject object) {
        JsonObject metadata = object.getAsJsonObject("metadata");
        List<Cause> causes = new ArrayList<>();
        String name = string(metadata, "name");
        if (name == null || name.isEmpty()) {
            causes.add(required("metadata.name", "name or generateName is required"));
        } else {
            checkSubdomain(name, "metadata.name", causes);
        }
        String namespace = string(metadata, "namespace");
        if (namespace != null && !isNamespaceName(namespace)) {
            causes.add(
                    invalid(
                            "metadata.namespace",
                            quoted(namespace),
                            namespace.length() > 63
                                    ? "must be no more than 63 characters"
                                    : LABEL_MESSAGE));
        }
        checkLabels(metadata, causes);
        checkAnnotationKeys(metadata, causes);
        return causes;
    }

    private static void checkSubdomain(String value, String field, List<Cause> causes) {
        if (value.length() > 253) {
            causes.add(invalid(field, quoted(value), "must be no more than 253 characters"));
        }
        if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
            causes.add(invalid(field, quoted(value), SUBDOMAIN_MESSAGE));
        }
    }

    private static void checkLabels(JsonObject metadata, List<Cause> causes) {
        JsonElement labels = metadata.get("labels");
        if (labels == null) {
            return;
        }
        for (Map.Entry<String, JsonElement> label : labels.getAsJsonObject().entrySet()) {
            checkQualifiedName(label.getKey(), "metadata.labels", causes);
            String value = label.getValue().isJsonNull() ? "" : label.getValue().getAsString();
            if (value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
                causes.add(
                        invalid(
                                "metadata.labels",
                                quoted(value),
                                "a valid label must be an empty string or consist of alphanumeric characters, '-',"
                                        + " '_' or '.', and must start and end with an alphanumeric character, and be"
                                        + " no more than 63 characters"));
            }
        }
    }

    private static void checkAnnotationKeys(JsonObject metadata, List<Cause> causes) {
        JsonElement annotations = metadata.get("annotations");
        if (annotations == null) {
            return;
        }
        for (String key : annotations.getAsJsonObject().keySet()) {
            checkQualifiedName(key, "metadata.annotations", causes);
        }
    }

    /** Label and annotation keys: an optional DNS-subdomain prefix and a name of at most 63. */
    private static void checkQualifiedName(String key, String field, List<Cause> causes) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        boolean validPrefix =
                prefix == null
                        || (!prefix.isEmpty()
                                && prefix.length() <= 253
                                && DNS1123_SUBDOMAIN.matcher(prefix).matches());
        boolean validName = name.length() <= 63 && QUALIFIED_NAME_PART.matcher(name).matches();
        if (!validPrefix || !validName) {
            causes.add(
                    invalid(
                            field,
                            quoted(key),
                            "name part must consist of alphanumeric characters, '-', '_' or '.', and must start"
                                    + " and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or"
                                    + " '123-abc', regex used for validation is"
                                    + " '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
        }
    }

    private static void checkSpec(JsonObject spec, List<Cause> causes) {
        if (spec == null) {
            return;
        }
        JsonElement duration = spec.get("leaseDurationSeconds");
        if (duration != null && duration.getAsLong() <= 0) {
            causes.add(
                    invalid(
                            "spec.leaseDurationSeconds",
                            duration.getAsString(),
                            "must be greater than 0"));
        }
        JsonElement transitions = spec.get("leaseTransitions");
        if (transitions != null && transitions.getAsLong() < 0) {
            causes.add(
                    invalid(
                            "spec.leaseTransitions",
                            transitions.getAsString(),
                            "must be greater than or equal to 0"));
        }
        String preferredHolder = string(spec, "preferredHolder");
        String strategy = string(spec, "strategy");
        if (preferredHolder != null
                && !preferredHolder.isEmpty()
                && (strategy == null || strategy.isEmpty())) {
            causes.add(
                    new Cause(
                            "FieldValueForbidden",
                            "spec.preferredHolder",
                            "Forbidden: may only be specified if `strategy` is defined"));
        }
    }

    static Cause invalid(String field, String renderedValue, String detail) {
        return new Cause(
                "FieldValueInvalid", field, "Invalid value: " + renderedValue + ": " + detail);
    }

    static Cause required(String field, String detail) {
        return new Cause("FieldValueRequired", field, "Required value: " + detail);
    }

    static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String string(JsonObject object, String key) {
        JsonElement value = object == null ? null : object.get(key);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }
}
