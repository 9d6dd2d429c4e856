package io.leadergate.agent.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Groups of gated work, each elected on a Lease of its own (issue 12): the one place their names,
 * their syntax in pattern-list keys and their Lease names are defined and validated.
 *
 * <p>A group is named by {@code @LeaderOnly("billing")} or by a prefix in a pattern-list key
 * ({@code leadergate.gate.methods}, {@code .executors}, {@code .quartz.jobs}): {@code
 * billing=com.acme.billing.*#run*;reports=com.acme.Reports#nightly}. Segments are separated by
 * {@code ;}, entries within one by {@code ,}; a segment's {@code group=} prefix applies to all its
 * entries, and an entry may carry its own. Entries without a prefix (today's form) belong to the
 * default group, whose Lease is {@code leadergate.lease.name} itself; group {@code g}'s Lease is
 * {@code <lease.name>-g}.
 *
 * <p>A group name is a DNS label (lowercase letters, digits, '-'), so that {@code <lease.name>-g}
 * is a valid Lease name; {@code default} names the default group.
 */
public final class WorkGroups {

    /** The default group: the work of today's forms, on the Lease {@code leadergate.lease.name}. */
    public static final String DEFAULT = "";

    /** How the default group is shown and may be written. */
    public static final String DEFAULT_NAME = "default";

    private WorkGroups() {}

    /** One entry of a pattern-list key: its group and its pattern text. */
    public static final class Entry {
        public final String group;
        public final String pattern;

        Entry(String group, String pattern) {
            this.group = group;
            this.pattern = pattern;
        }

        /** The form {@link ValueTypes#ENTRY_LIST} keeps: {@code group=pattern}, or the pattern. */
        @Override
        public String toString() {
            return group.isEmpty() ? pattern : group + "=" + pattern;
        }
    }

    /**
     * Splits one entry as {@link ValueTypes#ENTRY_LIST} keeps it.
     *
     * @throws IllegalArgumentException naming what is wrong with the group, with a suggestion; the
     *     message follows "pattern 'x' "
     */
    public static Entry entry(String text) {
        String trimmed = text.trim();
        int equals = trimmed.indexOf('=');
        if (equals < 0) {
            return new Entry(DEFAULT, trimmed);
        }
        String group = trimmed.substring(0, equals).trim();
        String pattern = trimmed.substring(equals + 1).trim();
        Optional<String> problem = nameProblem(group);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("names group '" + group + "' but no pattern");
        }
        return new Entry(canonical(group), pattern);
    }

    /** {@code default} (any case) → {@link #DEFAULT}; other names unchanged. */
    public static String canonical(String group) {
        return group.equalsIgnoreCase(DEFAULT_NAME) ? DEFAULT : group;
    }

    /** {@link #DEFAULT} shown as {@code default}. */
    public static String shown(String group) {
        return group.isEmpty() ? DEFAULT_NAME : group;
    }

    /**
     * Why {@code group} cannot name a group, with the name it was probably meant to be; empty when
     * it can ({@link #DEFAULT} and {@code default} included).
     */
    public static Optional<String> nameProblem(String group) {
        if (group.isEmpty() || group.equalsIgnoreCase(DEFAULT_NAME)) {
            return Optional.empty();
        }
        Optional<String> problem = KubernetesNames.labelProblem(group);
        if (problem.isEmpty()) {
            return Optional.empty();
        }
        String suggestion = suggestion(group);
        return Optional.of(
                "has group name '"
                        + group
                        + "', which "
                        + problem.get()
                        + " (a group name is part of its Lease's name)"
                        + (suggestion.isEmpty() ? "" : "; did you mean '" + suggestion + "'?"));
    }

    /**
     * The Lease of {@code group}: {@code base} for the default group, else {@code base-group}.
     *
     * @throws IllegalArgumentException when that is no valid Lease name (too long)
     */
    public static String leaseName(String base, String group) {
        if (group.isEmpty()) {
            return base;
        }
        String name = base + "-" + group;
        Optional<String> problem = KubernetesNames.subdomainProblem(name);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(
                    "the Lease name of group '" + group + "', " + name + ", " + problem.get());
        }
        return name;
    }

    /**
     * Lowercase, runs of other characters as one '-', trimmed to a label; "" if nothing is left.
     */
    static String suggestion(String group) {
        String lower = group.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        lower = lower.replaceAll("^-+|-+$", "");
        if (lower.length() > KubernetesNames.MAX_LABEL) {
            lower = lower.substring(0, KubernetesNames.MAX_LABEL).replaceAll("-+$", "");
        }
        return lower;
    }
}
