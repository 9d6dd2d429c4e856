package io.leadergate.agent.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.log.AgentLog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds configs from explicit sources; nothing is read from the machine running the tests. */
final class ConfigFixture {

    String agentArgs;
    final Map<String, String> properties = new HashMap<>();
    final Map<String, String> environment = new HashMap<>();
    final FakeHost host = new FakeHost();

    ConfigFixture args(String args) {
        agentArgs = args;
        return this;
    }

    ConfigFixture property(String name, String value) {
        properties.put(name, value);
        return this;
    }

    ConfigFixture env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    AgentConfig load() {
        return AgentConfig.load(agentArgs, properties, environment, host);
    }

    static List<String> messages(AgentConfig config, AgentLog.Level severity) {
        return config.problems().stream()
                .filter(p -> p.severity() == severity)
                .map(ConfigProblem::message)
                .collect(Collectors.toList());
    }

    static String onlyError(AgentConfig config) {
        List<String> errors = messages(config, AgentLog.Level.ERROR);
        assertTrue(errors.size() == 1, () -> "expected one error, got " + config.problems());
        return errors.get(0);
    }
}
