package io.leadergate.devserver;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The list/watch filters Leases support: {@code fieldSelector} on metadata.name and
 * metadata.namespace ({@code =}, {@code ==}, {@code !=}) and equality- and set-based {@code
 * labelSelector}s. Other field labels are 400, as on a real server.
 */
final class Selectors {
    private Selectors() {}

    /** Combines the path namespace (null for all) with both selectors; null selectors match all. */
    static Predicate<JsonObject> parse(
            String namespace, String fieldSelector, String labelSelector) {
        Predicate<JsonObject> result = lease -> true;
        if (namespace != null) {
            result =
                    result.and(
                            lease ->
                                    namespace.equals(LeaseJson.metadataString(lease, "namespace")));
        }
        for (String term : terms(fieldSelector)) {
            result = result.and(fieldTerm(term));
        }
        for (String term : labelTerms(labelSelector)) {
            result = result.and(labelTerm(term));
        }
        return result;
    }

    private static Predicate<JsonObject> fieldTerm(String term) {
        boolean negated = term.contains("!=");
        String[] parts = term.split(negated ? "!=" : "==?", 2);
        if (parts.length != 2) {
            throw StatusBodies.badRequest(
                    "invalid selector: '" + term + "'; can't understand '" + term + "'");
        }
        String field = parts[0].trim();
        String value = parts[1].trim();
        if (!field.equals("metadata.name") && !field.equals("metadata.namespace")) {
            throw StatusBodies.badRequest("field label not supported: " + field);
        }
        String metadataField = field.substring("metadata.".length());
        return lease -> value.equals(LeaseJson.metadataString(lease, metadataField)) != negated;
    }

    private static Predicate<JsonObject> labelTerm(String term) {
        String trimmed = term.trim();
        if (trimmed.startsWith("!")) {
            String key = trimmed.substring(1).trim();
            return lease -> label(lease, key) == null;
        }
        String[] setForm = trimmed.split("\\s+(in|notin)\\s+", 2);
        if (setForm.length == 2) {
            boolean in = trimmed.matches("\\S+\\s+in\\s+.*");
            String values = setForm[1].trim();
            if (!values.startsWith("(") || !values.endsWith(")")) {
                throw StatusBodies.badRequest("unable to parse requirement: " + trimmed);
            }
            Set<String> set = new HashSet<>();
            for (String v : values.substring(1, values.length() - 1).split(",")) {
                set.add(v.trim());
            }
            String key = setForm[0].trim();
            return lease -> {
                String actual = label(lease, key);
                return in
                        ? actual != null && set.contains(actual)
                        : actual == null || !set.contains(actual);
            };
        }
        if (trimmed.contains("!=")) {
            String[] parts = trimmed.split("!=", 2);
            String key = parts[0].trim();
            String value = parts[1].trim();
            return lease -> !value.equals(label(lease, key));
        }
        if (trimmed.contains("=")) {
            String[] parts = trimmed.split("==?", 2);
            String key = parts[0].trim();
            String value = parts[1].trim();
            return lease -> value.equals(label(lease, key));
        }
        return lease -> label(lease, trimmed) != null;
    }

    private static String label(JsonObject lease, String key) {
        JsonElement labels = lease.getAsJsonObject("metadata").get("labels");
        if (labels == null || !labels.isJsonObject()) {
            return null;
        }
        JsonElement value = labels.getAsJsonObject().get(key);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    private static String[] terms(String selector) {
        if (selector == null || selector.isBlank()) {
            return new String[0];
        }
        return Arrays.stream(selector.split(",")).filter(t -> !t.isBlank()).toArray(String[]::new);
    }

    /** Splits on commas outside parentheses, so {@code env in (a,b),tier} is two terms. */
    private static String[] labelTerms(String selector) {
        if (selector == null || selector.isBlank()) {
            return new String[0];
        }
        StringBuilder current = new StringBuilder();
        java.util.List<String> terms = new java.util.ArrayList<>();
        int depth = 0;
        for (char c : selector.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                terms.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        terms.add(current.toString());
        return terms.stream().filter(t -> !t.isBlank()).toArray(String[]::new);
    }
}
