package io.leadergate.agent.config;

import io.leadergate.agent.log.AgentLog;
import java.util.Objects;

/** One thing wrong with the configuration: a single self-explaining log line and its severity. */
public final class ConfigProblem {

    private final AgentLog.Level severity;
    private final String message;

    public ConfigProblem(AgentLog.Level severity, String message) {
        this.severity = Objects.requireNonNull(severity, "severity");
        this.message = Objects.requireNonNull(message, "message");
    }

    static ConfigProblem error(String message) {
        return new ConfigProblem(AgentLog.Level.ERROR, message);
    }

    static ConfigProblem warn(String message) {
        return new ConfigProblem(AgentLog.Level.WARN, message);
    }

    public AgentLog.Level severity() {
        return severity;
    }

    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return severity + " " + message;
    }
}
