package io.leadergate.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrecedenceTest {

    @Test
    void agentArgumentBeatsSystemPropertyBeatsEnvironmentBeatsDefault() {
        ConfigFixture all =
                new ConfigFixture()
                        .args("retry.period=1s")
                        .property("leadergate.retry.period", "3s")
                        .env("LEADERGATE_RETRY_PERIOD", "4s");
        assertEquals(Duration.ofSeconds(1), all.load().get(ConfigKeys.RETRY_PERIOD));
        assertEquals(ConfigSource.AGENT_ARGUMENT, all.load().sourceOf(ConfigKeys.RETRY_PERIOD));

        ConfigFixture noArgs =
                new ConfigFixture()
                        .property("leadergate.retry.period", "3s")
                        .env("LEADERGATE_RETRY_PERIOD", "4s");
        assertEquals(Duration.ofSeconds(3), noArgs.load().get(ConfigKeys.RETRY_PERIOD));
        assertEquals(ConfigSource.SYSTEM_PROPERTY, noArgs.load().sourceOf(ConfigKeys.RETRY_PERIOD));

        ConfigFixture envOnly = new ConfigFixture().env("LEADERGATE_RETRY_PERIOD", "4s");
        assertEquals(Duration.ofSeconds(4), envOnly.load().get(ConfigKeys.RETRY_PERIOD));
        assertEquals(
                ConfigSource.ENVIRONMENT_VARIABLE,
                envOnly.load().sourceOf(ConfigKeys.RETRY_PERIOD));

        AgentConfig none = new ConfigFixture().load();
        assertEquals(Duration.ofSeconds(2), none.get(ConfigKeys.RETRY_PERIOD));
        assertEquals(ConfigSource.DEFAULT, none.sourceOf(ConfigKeys.RETRY_PERIOD));
        assertTrue(none.problems().isEmpty(), () -> none.problems().toString());
    }

    @Test
    void precedenceIsPerKey() {
        AgentConfig config =
                new ConfigFixture()
                        .args("lease.name=from-args")
                        .property("leadergate.lease.namespace", "from-props")
                        .env("LEADERGATE_LEASE_NAME", "from-env")
                        .env("LEADERGATE_IDENTITY", "me")
                        .load();
        assertEquals("from-args", config.get(ConfigKeys.LEASE_NAME));
        assertEquals("from-props", config.get(ConfigKeys.LEASE_NAMESPACE));
        assertEquals("me", config.get(ConfigKeys.IDENTITY));
    }

    @Test
    void everyKeyMapsToItsEnvironmentVariable() {
        assertEquals("LEADERGATE_LEASE_NAME", ConfigKeys.LEASE_NAME.envName());
        assertEquals("LEADERGATE_RENEW_DEADLINE", ConfigKeys.RENEW_DEADLINE.envName());
        assertEquals("LEADERGATE_LOG_LEVEL", ConfigKeys.LOG_LEVEL.envName());
        assertEquals("LEADERGATE_FOO_BAR_BAZ", ConfigSource.envNameOf("leadergate.foo-bar.baz"));
        for (ConfigKey<?> key : ConfigKeys.all()) {
            // "x" is valid for the names and the path, invalid for the rest; either way the env var
            // was read.
            AgentConfig config = new ConfigFixture().env(key.envName(), "x").load();
            boolean read =
                    config.sourceOf(key) == ConfigSource.ENVIRONMENT_VARIABLE
                            || config.problems()
                                    .get(0)
                                    .message()
                                    .startsWith("environment variable " + key.envName() + "=\"x\"");
            assertTrue(read, key.name() + ": " + config.problems());
        }
    }

    @Test
    void registryNamesAreUniqueInEveryNotation() {
        long names = ConfigKeys.all().stream().map(ConfigKey::name).distinct().count();
        long envNames = ConfigKeys.all().stream().map(ConfigKey::envName).distinct().count();
        assertEquals(ConfigKeys.all().size(), names);
        assertEquals(ConfigKeys.all().size(), envNames);
        for (ConfigKey<?> key : ConfigKeys.all()) {
            assertTrue(key.name().matches("leadergate\\.[a-z0-9.-]+"), key.name());
            assertTrue(key.doc().endsWith("."), key.name() + " doc should be a sentence");
        }
    }

    @Test
    void emptyEnvironmentVariableCountsAsUnsetButEmptyPropertyIsAValue() {
        AgentConfig fromEnv = new ConfigFixture().env("LEADERGATE_IDENTITY", "").load();
        assertNull(fromEnv.get(ConfigKeys.IDENTITY));
        assertTrue(fromEnv.problems().isEmpty());

        AgentConfig fromProperty = new ConfigFixture().property("leadergate.identity", " ").load();
        assertTrue(ConfigFixture.onlyError(fromProperty).contains("must not be empty"));
        assertTrue(fromProperty.electionBlockers().contains("invalid leadergate.identity"));
    }

    @Test
    void systemPropertiesWithoutOurPrefixAreIgnored() {
        AgentConfig config =
                new ConfigFixture()
                        .property("java.version", "17")
                        .property("lease.name", "x")
                        .env("PATH", "/bin")
                        .env("LEADERGATEWAY", "x")
                        .load();
        assertTrue(config.problems().isEmpty(), () -> config.problems().toString());
    }
}
