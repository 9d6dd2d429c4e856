package io.leadergate.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code leadergate.shutdown.drain}: default, accepted values, and a bad value costs only itself.
 */
class ShutdownDrainConfigTest {

    @Test
    void defaultsToThirtySecondsAsKubernetesGracePeriod() {
        assertEquals(
                Duration.ofSeconds(30), new ConfigFixture().load().get(ConfigKeys.SHUTDOWN_DRAIN));
    }

    @ParameterizedTest
    @CsvSource({"0s, PT0S", "500ms, PT0.5S", "2m, PT2M", "1h, PT1H", "PT45S, PT45S"})
    void acceptsZeroUpToAnHour(String value, String expected) {
        AgentConfig config = new ConfigFixture().env("LEADERGATE_SHUTDOWN_DRAIN", value).load();
        assertEquals(Duration.parse(expected), config.get(ConfigKeys.SHUTDOWN_DRAIN));
        assertTrue(config.problems().isEmpty(), config.problems().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "-5s", "2h", "soon"})
    void anInvalidValueIsReportedAndTheDefaultUsed(String value) {
        AgentConfig config = new ConfigFixture().env("LEADERGATE_SHUTDOWN_DRAIN", value).load();
        String error = ConfigFixture.onlyError(config);
        assertTrue(error.contains("LEADERGATE_SHUTDOWN_DRAIN"), error);
        assertEquals(Duration.ofSeconds(30), config.get(ConfigKeys.SHUTDOWN_DRAIN));
        assertTrue(
                config.electionBlockers().isEmpty(), "the default is safe: the election goes on");
    }
}
