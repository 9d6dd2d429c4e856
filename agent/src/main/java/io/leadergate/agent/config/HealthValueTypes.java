package io.leadergate.agent.config;

import java.util.Locale;

/**
 * Value types of the health-port keys; nothing here resolves host names (premain must not wait on
 * DNS).
 */
final class HealthValueTypes {

    private HealthValueTypes() {}

    /** A TCP port, 1-65535; {@code 0}, {@code off} or {@code false} disable (parsed as 0). */
    static final ValueType<Integer> PORT_OR_OFF =
            new ValueType<Integer>() {
                @Override
                public Integer parse(String text) {
                    String t = text.trim().toLowerCase(Locale.ROOT);
                    if (t.equals("off") || t.equals("false") || t.equals("0")) {
                        return 0;
                    }
                    try {
                        int port = Integer.parseInt(t);
                        if (port > 0 && port <= 65535) {
                            return port;
                        }
                    } catch (NumberFormatException notANumber) {
                        // falls through to the message below
                    }
                    throw new IllegalArgumentException(
                            "expected a TCP port from 1 to 65535, or 0 / off to disable the health port");
                }

                @Override
                public String format(Integer value) {
                    return value == 0 ? "off" : String.valueOf(value);
                }
            };

    /** A host name or IP literal to bind to, checked for shape only. */
    static final ValueType<String> BIND_ADDRESS =
            new ValueType<String>() {
                @Override
                public String parse(String text) {
                    String t = text.trim();
                    if (t.startsWith("[") && t.endsWith("]")) {
                        t = t.substring(1, t.length() - 1); // [::1] as in URLs
                    }
                    if (t.isEmpty()
                            || t.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
                        throw new IllegalArgumentException(
                                "expected a host name or IP address such as 127.0.0.1 or ::1, "
                                        + "or leave it unset for all interfaces");
                    }
                    return t;
                }
            };

    static final ValueType<ReadinessMode> READINESS =
            new ValueType<ReadinessMode>() {
                @Override
                public ReadinessMode parse(String text) {
                    String t = text.trim().toUpperCase(Locale.ROOT);
                    for (ReadinessMode mode : ReadinessMode.values()) {
                        if (mode.name().equals(t)) {
                            return mode;
                        }
                    }
                    throw new IllegalArgumentException(
                            "expected leader (200 on the leader only) or always (200 on every "
                                    + "replica whose agent works)");
                }

                @Override
                public String format(ReadinessMode value) {
                    return value.name().toLowerCase(Locale.ROOT);
                }
            };
}
