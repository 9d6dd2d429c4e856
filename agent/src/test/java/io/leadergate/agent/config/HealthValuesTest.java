package io.leadergate.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad health-port values cost only the health port's setting: an error line, the default, the
 * election goes on.
 */
class HealthValuesTest {

    @ParameterizedTest
    @ValueSource(strings = {"65536", "-1", "80a", "eighty", "1e3", "99999999999"})
    void badPortsAreReportedAndTheDefaultIsUsed(String value) {
        AgentConfig config = new ConfigFixture().env("LEADERGATE_HEALTH_PORT", value).load();
        String error = ConfigFixture.onlyError(config);
        assertTrue(
                error.contains("LEADERGATE_HEALTH_PORT")
                        && error.contains("expected a TCP port from 1 to 65535"),
                error);
        assertEquals(8086, config.get(ConfigKeys.HEALTH_PORT));
        assertTrue(
                config.electionBlockers().isEmpty(),
                "a bad health port must not stop the election");
    }

    @ParameterizedTest
    @ValueSource(strings = {"off", "OFF", "0", "false"})
    void offDisablesThePort(String value) {
        AgentConfig config = new ConfigFixture().env("LEADERGATE_HEALTH_PORT", value).load();
        assertEquals(0, config.get(ConfigKeys.HEALTH_PORT));
        assertTrue(config.problems().isEmpty(), config.problems().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1 ", "[::1]", "localhost"})
    void addressesAreCheckedForShapeOnly(String value) {
        AgentConfig config = new ConfigFixture().env("LEADERGATE_HEALTH_ADDRESS", value).load();
        assertTrue(config.problems().isEmpty(), config.problems().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1/8", "my host", "[]"})
    void malformedAddressesAreReportedAndAllInterfacesAreUsed(String value) {
        AgentConfig config = new ConfigFixture().env("LEADERGATE_HEALTH_ADDRESS", value).load();
        String error = ConfigFixture.onlyError(config);
        assertTrue(
                error.contains("LEADERGATE_HEALTH_ADDRESS")
                        && error.contains("expected a host name or IP address"),
                error);
        assertTrue(config.electionBlockers().isEmpty());
    }

    /**
     * A follower is a healthy pod: leader-only readiness stalls every Deployment rollout, so it is
     * opt-in.
     */
    @Test
    void readinessDefaultsToAlwaysAndLeaderIsOptIn() {
        assertEquals(
                ReadinessMode.ALWAYS, new ConfigFixture().load().get(ConfigKeys.HEALTH_READINESS));
        AgentConfig leader =
                new ConfigFixture().env("LEADERGATE_HEALTH_READINESS", "leader").load();
        assertEquals(ReadinessMode.LEADER, leader.get(ConfigKeys.HEALTH_READINESS));
        assertTrue(leader.problems().isEmpty(), leader.problems().toString());
    }
}
