package io.leadergate.agent.config;

import java.util.Locale;

/** Where a value came from, highest precedence first; each spells key names its own way. */
public enum ConfigSource {
    AGENT_ARGUMENT("agent argument"),
    SYSTEM_PROPERTY("system property"),
    ENVIRONMENT_VARIABLE("environment variable"),
    DEFAULT("default");

    private final String description;

    ConfigSource(String description) {
        this.description = description;
    }

    /** As shown in log lines: "system property", "environment variable". */
    public String description() {
        return description;
    }

    /**
     * The key as this source spells it: {@code lease.name}, {@code leadergate.lease.name}, {@code
     * LEADERGATE_LEASE_NAME}.
     */
    public String spell(ConfigKey<?> key) {
        switch (this) {
            case AGENT_ARGUMENT:
                return key.shortName();
            case ENVIRONMENT_VARIABLE:
                return key.envName();
            default:
                return key.name();
        }
    }

    /**
     * {@code leadergate.foo-bar.baz} → {@code LEADERGATE_FOO_BAR_BAZ}, as the OpenTelemetry agent
     * maps names.
     */
    static String envNameOf(String fullName) {
        return fullName.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
