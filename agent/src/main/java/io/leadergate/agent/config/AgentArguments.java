package io.leadergate.agent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code -javaagent:leadergate-agent.jar=lease.name=x,lease.namespace=y}.
 *
 * <p>Tokens are separated by commas. A token {@code key=value} whose key looks like a key name
 * starts a new entry; any other token continues the previous value after a comma, so list values
 * ({@code a=x,y,z}) need no escaping. Keys may be written with or without the {@code leadergate.}
 * prefix; they are kept as written so that messages can echo them.
 */
final class AgentArguments {

    private AgentArguments() {}

    /**
     * @return the entries in order; malformed tokens become WARN problems appended to {@code
     *     problems}
     */
    static List<SuppliedValue> parse(String agentArgs, List<ConfigProblem> problems) {
        List<SuppliedValue> entries = new ArrayList<>();
        if (agentArgs == null || agentArgs.trim().isEmpty()) {
            return entries;
        }
        String currentKey = null;
        StringBuilder currentValue = new StringBuilder();
        for (String token : agentArgs.split(",", -1)) {
            int equals = token.indexOf('=');
            String key = equals > 0 ? token.substring(0, equals).trim() : null;
            if (key != null && hasKeyShape(key)) {
                if (currentKey != null) {
                    entries.add(entry(currentKey, currentValue));
                }
                currentKey = key;
                currentValue.setLength(0);
                currentValue.append(token, equals + 1, token.length());
            } else if (currentKey != null) {
                currentValue.append(',').append(token);
            } else if (!token.trim().isEmpty()) {
                problems.add(
                        ConfigProblem.warn(
                                "agent argument \""
                                        + SuppliedValue.shown(token)
                                        + "\" ignored: expected key=value, e.g. -javaagent:leadergate-agent.jar=lease.name=my-app-leader"));
            }
        }
        if (currentKey != null) {
            entries.add(entry(currentKey, currentValue));
        }
        return entries;
    }

    /**
     * {@code lease.name} and {@code leadergate.lease.name} both name {@code leadergate.lease.name}.
     */
    static String fullName(String keyAsWritten) {
        return keyAsWritten.startsWith(ConfigKey.PREFIX)
                ? keyAsWritten
                : ConfigKey.PREFIX.concat(keyAsWritten);
    }

    private static SuppliedValue entry(String key, StringBuilder value) {
        return new SuppliedValue(ConfigSource.AGENT_ARGUMENT, key, value.toString().trim());
    }

    /** {@code [A-Za-z0-9][A-Za-z0-9._-]*}, by hand: no java.util.regex on the start path. */
    static boolean hasKeyShape(String key) {
        if (key.isEmpty() || !isAlphanumeric(key.charAt(0))) {
            return false;
        }
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(isAlphanumeric(c) || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
