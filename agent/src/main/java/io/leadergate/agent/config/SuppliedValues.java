package io.leadergate.agent.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the three sources and keeps, for each registry key, the value of highest precedence (agent
 * argument > system property > environment variable). Names that carry our prefix but are not keys
 * are reported with the nearest key, spelled the way that source spells keys.
 */
final class SuppliedValues {

    private static final String ENV_PREFIX = "LEADERGATE_";

    private SuppliedValues() {}

    static Map<ConfigKey<?>, SuppliedValue> collect(
            String agentArgs,
            Map<String, String> systemProperties,
            Map<String, String> environment,
            List<ConfigProblem> problems) {
        return collect(agentArgs, systemProperties, environment, new HashMap<>(), problems);
    }

    /**
     * As {@link #collect(String, Map, Map, List)}, also filling {@code leaseNames} with the
     * per-group Lease name overrides ({@code leadergate.lease.<group>.name}, {@code
     * LEADERGATE_LEASE_<GROUP>_NAME}) by the group as written, with the same precedence.
     */
    static Map<ConfigKey<?>, SuppliedValue> collect(
            String agentArgs,
            Map<String, String> systemProperties,
            Map<String, String> environment,
            Map<String, SuppliedValue> leaseNames,
            List<ConfigProblem> problems) {
        Map<ConfigKey<?>, SuppliedValue> chosen = new HashMap<>();
        readAgentArguments(agentArgs, chosen, leaseNames, problems);
        readSystemProperties(systemProperties, chosen, leaseNames, problems);
        readEnvironment(environment, chosen, leaseNames, problems);
        return chosen;
    }

    private static void readAgentArguments(
            String agentArgs,
            Map<ConfigKey<?>, SuppliedValue> chosen,
            Map<String, SuppliedValue> leaseNames,
            List<ConfigProblem> problems) {
        Map<ConfigKey<?>, SuppliedValue> fromArgs = new LinkedHashMap<>();
        for (SuppliedValue entry : AgentArguments.parse(agentArgs, problems)) {
            String fullName = AgentArguments.fullName(entry.keyAsWritten);
            ConfigKey<?> key = ConfigKeys.byName(fullName);
            String group = WorkGroups.LeaseNames.groupOfKey(fullName);
            if (key == null && group != null) {
                leaseNames.put(group, entry); // the last one applies, as for keys
            } else if (key == null) {
                boolean prefixed = entry.keyAsWritten.startsWith(ConfigKey.PREFIX);
                unknown(
                        entry,
                        names(
                                prefixed
                                        ? ConfigSource.SYSTEM_PROPERTY
                                        : ConfigSource.AGENT_ARGUMENT),
                        problems);
            } else if (fromArgs.put(key, entry) != null) {
                problems.add(
                        ConfigProblem.warn(
                                "agent argument "
                                        + key.shortName()
                                        + " is given more than once; the last one, "
                                        + entry.describe()
                                        + ", applies"));
            }
        }
        chosen.putAll(fromArgs);
    }

    private static void readSystemProperties(
            Map<String, String> properties,
            Map<ConfigKey<?>, SuppliedValue> chosen,
            Map<String, SuppliedValue> leaseNames,
            List<ConfigProblem> problems) {
        for (Map.Entry<String, String> property : sorted(properties).entrySet()) {
            String name = property.getKey();
            if (!name.regionMatches(true, 0, ConfigKey.PREFIX, 0, ConfigKey.PREFIX.length())) {
                continue;
            }
            SuppliedValue value =
                    new SuppliedValue(ConfigSource.SYSTEM_PROPERTY, name, property.getValue());
            ConfigKey<?> key = ConfigKeys.byName(name);
            String group = WorkGroups.LeaseNames.groupOfKey(name);
            if (key == null && group != null) {
                leaseNames.putIfAbsent(group, value);
            } else if (key == null) {
                unknown(value, names(ConfigSource.SYSTEM_PROPERTY), problems);
            } else {
                chosen.putIfAbsent(key, value);
            }
        }
    }

    private static void readEnvironment(
            Map<String, String> environment,
            Map<ConfigKey<?>, SuppliedValue> chosen,
            Map<String, SuppliedValue> leaseNames,
            List<ConfigProblem> problems) {
        for (Map.Entry<String, String> variable : sorted(environment).entrySet()) {
            String name = variable.getKey();
            if (!name.toUpperCase(Locale.ROOT).startsWith(ENV_PREFIX)) {
                continue;
            }
            SuppliedValue value =
                    new SuppliedValue(ConfigSource.ENVIRONMENT_VARIABLE, name, variable.getValue());
            ConfigKey<?> key = ConfigKeys.byEnvName(name);
            String group = WorkGroups.LeaseNames.groupOfEnvName(name);
            if (key == null && group != null) {
                if (!variable.getValue().trim().isEmpty()) {
                    leaseNames.putIfAbsent(group, value);
                }
            } else if (key == null) {
                unknown(value, names(ConfigSource.ENVIRONMENT_VARIABLE), problems);
            } else if (!variable.getValue().trim().isEmpty()) {
                // As in OpenTelemetry: an empty variable counts as unset, so templates can leave
                // one blank.
                chosen.putIfAbsent(key, value);
            }
        }
    }

    private static void unknown(
            SuppliedValue value, Collection<String> known, List<ConfigProblem> problems) {
        String written = value.keyAsWritten;
        Optional<String> suggestion = KeySuggestions.closest(written, known);
        String line = "unknown " + value.source.description() + " " + SuppliedValue.shown(written);
        problems.add(
                ConfigProblem.warn(
                        suggestion.isPresent()
                                ? line + "; did you mean " + suggestion.get() + "?"
                                : line + " (ignored; docs/configuration.md lists the keys)"));
    }

    private static List<String> names(ConfigSource notation) {
        List<String> names = new ArrayList<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            names.add(notation.spell(key));
        }
        return names;
    }

    /** Sorted so warnings come out in the same order on every start; null entries dropped. */
    private static Map<String, String> sorted(Map<String, String> source) {
        Map<String, String> sorted = new TreeMap<>();
        if (source != null) {
            for (Map.Entry<String, String> e : source.entrySet()) {
                if (e.getKey() != null && e.getValue() != null) {
                    sorted.put(e.getKey(), e.getValue());
                }
            }
        }
        return sorted;
    }
}
