package io.leadergate.agent.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 * is a valid Lease name; {@code default} names the default group. {@code
 * leadergate.lease.<group>.name} ({@code LEADERGATE_LEASE_<GROUP>_NAME}, '-' as '_') gives a group
 * another Lease; {@link LeaseNames} validates those and hands out each group's Lease.
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

    /**
     * A key whose value names one group ({@code leadergate.leader.service.group}): a group name,
     * {@code default} for the default group.
     */
    public static final ValueType<String> GROUP =
            new ValueType<String>() {
                @Override
                public String parse(String text) {
                    String group = text.trim();
                    if (group.isEmpty()) {
                        throw new IllegalArgumentException(
                                "must not be empty; expected a group name, or default");
                    }
                    Optional<String> problem = nameProblem(group);
                    if (problem.isPresent()) {
                        throw new IllegalArgumentException(problem.get());
                    }
                    return canonical(group);
                }

                @Override
                public String format(String group) {
                    return shown(group);
                }
            };

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

    /**
     * The Lease of each group: {@code <lease.name>-<group>}, or the group's {@code
     * leadergate.lease.<group>.name}. Every rule about those overrides is here, checked at load (in
     * premain: only strings) and, for what needs the base name or groups found by weaving, when a
     * group's elector asks for its Lease.
     *
     * <p>A refused override keeps its group from electing on this replica (its gated work stays
     * off), as an invalid {@code leadergate.lease.name} does: falling back to the derived name
     * would have this replica contend on a Lease its correctly configured peers do not.
     *
     * <p>Groups named only by {@code @LeaderOnly("g")} are found as classes load, long after
     * premain; so an override for a group no selection declares is a warning (with the nearest
     * declared group), not an error, and still applies if such annotated work appears.
     */
    public static final class LeaseNames {

        private static final String KEY_PREFIX = "leadergate.lease.";
        private static final String KEY_SUFFIX = ".name";
        private static final String ENV_PREFIX = "LEADERGATE_LEASE_";
        private static final String ENV_SUFFIX = "_NAME";

        /** Valid overrides: group → Lease name. */
        private final Map<String, String> overrides;

        /** How each override was supplied, for error lines. */
        private final Map<String, String> origins;

        /** Groups whose override was refused: they never elect here. Guarded by this. */
        private final Set<String> refused;

        /** The groups the pattern-list keys declare (default group included when used). */
        private final Set<String> declared;

        /** Lease name → the group that was given it. Guarded by this. */
        private final Map<String, String> groupOfLease = new HashMap<>();

        private LeaseNames(
                Map<String, String> overrides,
                Map<String, String> origins,
                Set<String> refused,
                Set<String> declared) {
            this.overrides = overrides;
            this.origins = origins;
            this.refused = refused;
            this.declared = declared;
        }

        /** No overrides: every group on {@code <lease.name>-<group>}. */
        public static LeaseNames none() {
            return new LeaseNames(
                    Collections.emptyMap(),
                    Collections.emptyMap(),
                    new LinkedHashSet<>(),
                    Collections.emptySet());
        }

        /**
         * The group of {@code leadergate.lease.<group>.name} as written, or null when {@code
         * fullName} is not shaped so.
         */
        static String groupOfKey(String fullName) {
            if (fullName.startsWith(KEY_PREFIX)
                    && fullName.endsWith(KEY_SUFFIX)
                    && fullName.length() > KEY_PREFIX.length() + KEY_SUFFIX.length()) {
                return fullName.substring(
                        KEY_PREFIX.length(), fullName.length() - KEY_SUFFIX.length());
            }
            return null;
        }

        /**
         * The group of {@code LEADERGATE_LEASE_<GROUP>_NAME} (lowercase, '_' read as '-', since a
         * group name has no '_'), or null when {@code envName} is not shaped so.
         */
        static String groupOfEnvName(String envName) {
            if (envName.startsWith(ENV_PREFIX)
                    && envName.endsWith(ENV_SUFFIX)
                    && envName.length() > ENV_PREFIX.length() + ENV_SUFFIX.length()) {
                return envName.substring(
                                ENV_PREFIX.length(), envName.length() - ENV_SUFFIX.length())
                        .toLowerCase(Locale.ROOT)
                        .replace('_', '-');
            }
            return null;
        }

        /**
         * Validates the supplied overrides against each other and against the groups the selections
         * declare, adding one problem per bad override.
         *
         * @param supplied by group as written (see {@link SuppliedValues})
         * @param declared the groups of the pattern-list entries
         * @param base {@code leadergate.lease.name} when set, else null (then it is checked when
         *     each group asks for its Lease)
         */
        static LeaseNames check(
                Map<String, SuppliedValue> supplied,
                Set<String> declared,
                String base,
                List<ConfigProblem> problems) {
            Map<String, String> overrides = new LinkedHashMap<>();
            Map<String, String> origins = new HashMap<>();
            Set<String> refused = new LinkedHashSet<>();
            Map<String, String> groupOfName = new HashMap<>();
            for (Map.Entry<String, SuppliedValue> entry : supplied.entrySet()) {
                SuppliedValue value = entry.getValue();
                String written = entry.getKey();
                if (written.equalsIgnoreCase(DEFAULT_NAME)) {
                    problems.add(
                            ConfigProblem.error(
                                    value.describe()
                                            + ": the default group's Lease is leadergate.lease.name"
                                            + " (LEADERGATE_LEASE_NAME); set that instead. Ignored"));
                    continue;
                }
                Optional<String> badGroup = nameProblem(written);
                if (badGroup.isPresent()) {
                    problems.add(
                            ConfigProblem.error(
                                    value.describe()
                                            + ": "
                                            + badGroup.get()
                                            + ". Ignored: no group of that name can exist"));
                    continue;
                }
                String group = written;
                origins.put(group, value.origin());
                String name;
                try {
                    name = ValueTypes.LEASE_NAME.parse(value.text);
                } catch (IllegalArgumentException invalid) {
                    refused.add(group);
                    problems.add(
                            ConfigProblem.error(
                                    value.describe()
                                            + ": "
                                            + invalid.getMessage()
                                            + ". Group "
                                            + group
                                            + " is not elected: its gated work stays off on this"
                                            + " replica"));
                    continue;
                }
                String other = groupOfName.putIfAbsent(name, group);
                if (other != null) {
                    refused.add(group);
                    refused.add(other);
                    overrides.remove(other);
                    problems.add(
                            ConfigProblem.error(
                                    "groups "
                                            + other
                                            + " and "
                                            + group
                                            + " are both given Lease "
                                            + name
                                            + " (by "
                                            + origins.get(other)
                                            + " and "
                                            + value.origin()
                                            + "); one Lease elects one group, so neither is"
                                            + " elected: their gated work stays off on this"
                                            + " replica"));
                    continue;
                }
                if (refused.contains(group)) {
                    continue;
                }
                overrides.put(group, name);
                if (!declared.contains(group)) {
                    problems.add(ConfigProblem.warn(value.origin() + undeclared(group, declared)));
                }
            }
            LeaseNames names = new LeaseNames(overrides, origins, refused, declared);
            if (base != null) {
                names.checkAgainstBase(base, problems);
            }
            return names;
        }

        private static String undeclared(String group, Set<String> declared) {
            Optional<String> nearest =
                    KeySuggestions.closest(
                            group, declared.stream().filter(g -> !g.isEmpty())::iterator);
            return ": no selection (leadergate.gate.methods, .executors, .quartz.jobs) declares"
                    + " group "
                    + group
                    + nearest.map(n -> "; did you mean " + n + "?").orElse("")
                    + " It applies if @LeaderOnly(\""
                    + group
                    + "\") work is found as classes load";
        }

        /**
         * An override equal to {@code base} (the default group's Lease) or to {@code <base>-<h>} of
         * a declared group {@code h} without its own override collides with that group: the
         * override's group is refused, the other keeps its Lease.
         */
        synchronized void checkAgainstBase(String base, List<ConfigProblem> problems) {
            for (Map.Entry<String, String> override : new LinkedHashMap<>(overrides).entrySet()) {
                String group = override.getKey();
                String name = override.getValue();
                String taken = null;
                if (name.equals(base)) {
                    taken = DEFAULT;
                } else {
                    for (String other : declared) {
                        if (!other.isEmpty()
                                && !other.equals(group)
                                && !overrides.containsKey(other)
                                && name.equals(base + "-" + other)) {
                            taken = other;
                        }
                    }
                }
                if (taken != null) {
                    overrides.remove(group);
                    refused.add(group);
                    problems.add(
                            ConfigProblem.error(collision(group, name, taken, origins.get(group))));
                }
            }
        }

        private static String collision(String group, String name, String taken, String origin) {
            return "group "
                    + group
                    + " is given Lease "
                    + name
                    + " by "
                    + origin
                    + ", which is the Lease of group "
                    + shown(taken)
                    + "; one Lease elects one group, so group "
                    + group
                    + " is not elected: its gated work stays off on this replica";
        }

        /** The override of {@code group}, if one applies. */
        public synchronized Optional<String> overrideOf(String group) {
            return Optional.ofNullable(overrides.get(group));
        }

        /**
         * The Lease {@code group} elects on: its override, else {@link #leaseName}. Each Lease name
         * is given to one group only; a later group asking for a taken name is refused.
         *
         * @throws IllegalArgumentException naming why {@code group} does not elect here (its
         *     override was refused, its Lease is another group's, or the derived name is too long)
         */
        public synchronized String leaseOf(String base, String group) {
            if (refused.contains(group)) {
                throw new IllegalArgumentException(
                        "the Lease name "
                                + origins.get(group)
                                + " gives it was refused (see the error logged at start)");
            }
            String override = overrides.get(group);
            String name = override != null ? override : leaseName(base, group);
            if (override != null && name.equals(base) && !group.isEmpty()) {
                refused.add(group);
                throw new IllegalArgumentException(
                        collision(group, name, DEFAULT, origins.get(group)));
            }
            String holder = groupOfLease.putIfAbsent(name, group);
            if (holder != null && !holder.equals(group)) {
                throw new IllegalArgumentException(
                        "its Lease, "
                                + name
                                + (override != null ? " (set by " + origins.get(group) + ")" : "")
                                + ", is already the Lease of group "
                                + shown(holder)
                                + "; one Lease elects one group");
            }
            return name;
        }
    }
}
