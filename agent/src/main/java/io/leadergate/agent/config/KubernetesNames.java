package io.leadergate.agent.config;

import java.util.Optional;

/**
 * Kubernetes' RFC 1123 name rules, checked here so a bad name is reported at startup with the rule,
 * rather than as a 422 from the API server on every retry.
 */
final class KubernetesNames {

    static final int MAX_SUBDOMAIN = 253;
    static final int MAX_LABEL = 63;

    private KubernetesNames() {}

    /**
     * Lease names: at most 253 characters of {@code a-z 0-9 - .}, each dot-separated part starting
     * and ending alphanumeric.
     */
    static Optional<String> subdomainProblem(String name) {
        if (name.isEmpty()) {
            return Optional.of(
                    "must not be empty; expected an RFC 1123 subdomain such as my-app-leader");
        }
        if (name.length() > MAX_SUBDOMAIN) {
            return Optional.of(
                    "is "
                            + name.length()
                            + " characters long; expected an RFC 1123 subdomain of at most "
                            + MAX_SUBDOMAIN);
        }
        if (!isSubdomain(name)) {
            return Optional.of(
                    offender(name, true)
                            + "; expected an RFC 1123 subdomain: lowercase letters, digits, "
                            + "'-' and '.', starting and ending with a letter or digit");
        }
        return Optional.empty();
    }

    /**
     * Namespaces: at most 63 characters of {@code a-z 0-9 -}, starting and ending alphanumeric; no
     * dots.
     */
    static Optional<String> labelProblem(String name) {
        if (name.isEmpty()) {
            return Optional.of(
                    "must not be empty; expected an RFC 1123 label such as my-namespace");
        }
        if (name.length() > MAX_LABEL) {
            return Optional.of(
                    "is "
                            + name.length()
                            + " characters long; expected an RFC 1123 label of at most "
                            + MAX_LABEL);
        }
        if (!isLabel(name, 0, name.length())) {
            return Optional.of(
                    offender(name, false)
                            + "; expected an RFC 1123 label: lowercase letters, digits "
                            + "and '-', starting and ending with a letter or digit, no dots");
        }
        return Optional.empty();
    }

    /** Points at the first thing wrong, because "invalid name" alone sends people hunting. */
    private static String offender(String name, boolean dotsAllowed) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed =
                    (c >= 'a' && c <= 'z')
                            || (c >= '0' && c <= '9')
                            || c == '-'
                            || (dotsAllowed && c == '.');
            if (!allowed) {
                if (c >= 'A' && c <= 'Z') {
                    return "contains uppercase '" + c + "'";
                }
                return "contains '" + printable(c) + "' at position " + (i + 1);
            }
        }
        return "must start and end with a letter or digit"
                + (dotsAllowed ? " (also around each '.')" : "");
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    /**
     * {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*}, checked by hand so
     * that validating a name does not load java.util.regex into the app's JVM.
     */
    static boolean isSubdomain(String name) {
        int start = 0;
        for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', start)) {
            if (!isLabel(name, start, dot)) {
                return false;
            }
            start = dot + 1;
        }
        return isLabel(name, start, name.length());
    }

    /** {@code name[from, to)} matches {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?}. */
    static boolean isLabel(String name, int from, int to) {
        if (to <= from || name.charAt(from) == '-' || name.charAt(to - 1) == '-') {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
