package io.leadergate.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code leadergate.on.loss} and {@code leadergate.eager}: accepted values, defaults, and what a
 * bad value costs.
 */
class OnLossConfigTest {

    @Test
    void defaultsAreContinueAndLazy() {
        AgentConfig config = new ConfigFixture().load();
        assertEquals(LossAction.CONTINUE, config.get(ConfigKeys.ON_LOSS));
        assertFalse(config.get(ConfigKeys.EAGER));
    }

    @ParameterizedTest
    @ValueSource(strings = {"interrupt", "INTERRUPT", " Interrupt "})
    void valuesAreCaseInsensitiveAndTrimmed(String value) {
        AgentConfig config = new ConfigFixture().env("LEADERGATE_ON_LOSS", value).load();
        assertEquals(LossAction.INTERRUPT, config.get(ConfigKeys.ON_LOSS));
        assertTrue(config.problems().isEmpty(), config.problems().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"interupt", "halt", "exit now"})
    void anInvalidValueStopsTheElection(String value) {
        AgentConfig config = new ConfigFixture().env("LEADERGATE_ON_LOSS", value).load();
        String error = ConfigFixture.onlyError(config);
        assertTrue(
                error.contains("LEADERGATE_ON_LOSS") && error.contains("expected continue"), error);
        assertFalse(
                config.electionBlockers().isEmpty(),
                "a weaker protection than asked for must not run gated work");
    }
}
