package io.leadergate.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.leadergate.agent.log.AgentLog;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnknownKeyTest {

    private static List<String> warnings(ConfigFixture fixture) {
        return ConfigFixture.messages(fixture.load(), AgentLog.Level.WARN);
    }

    @Test
    void environmentVariableSuggestionIsAnEnvironmentVariable() {
        assertEquals(
                List.of(
                        "unknown environment variable LEADERGATE_LEASE_NAM; did you mean LEADERGATE_LEASE_NAME?"),
                warnings(new ConfigFixture().env("LEADERGATE_LEASE_NAM", "x")));
    }

    @Test
    void systemPropertySuggestionIsASystemProperty() {
        assertEquals(
                List.of(
                        "unknown system property leadergate.renew.dealine; did you mean leadergate.renew.deadline?"),
                warnings(new ConfigFixture().property("leadergate.renew.dealine", "5s")));
    }

    @Test
    void agentArgumentSuggestionKeepsTheFormItWasWrittenIn() {
        assertEquals(
                List.of("unknown agent argument retry.periood; did you mean retry.period?"),
                warnings(new ConfigFixture().args("retry.periood=1s")));
        assertEquals(
                List.of(
                        "unknown agent argument leadergate.lease.nmae; did you mean leadergate.lease.name?"),
                warnings(new ConfigFixture().args("leadergate.lease.nmae=x")));
    }

    @Test
    void transpositionsAndCaseMistakesAreSuggested() {
        assertEquals(
                List.of(
                        "unknown environment variable LEADERGATE_LAESE_NAME; did you mean LEADERGATE_LEASE_NAME?"),
                warnings(new ConfigFixture().env("LEADERGATE_LAESE_NAME", "x")));
        assertEquals(
                List.of(
                        "unknown system property leadergate.Lease.Name; did you mean leadergate.lease.name?"),
                warnings(new ConfigFixture().property("leadergate.Lease.Name", "x")));
        assertEquals(
                List.of(
                        "unknown environment variable LEADERGATE_lease_name; did you mean LEADERGATE_LEASE_NAME?"),
                warnings(new ConfigFixture().env("LEADERGATE_lease_name", "x")));
    }

    @Test
    void farOffNamesGetNoSuggestion() {
        assertEquals(
                List.of(
                        "unknown environment variable LEADERGATE_SOMETHING_ELSE (ignored; docs/configuration.md "
                                + "lists the keys)"),
                warnings(new ConfigFixture().env("LEADERGATE_SOMETHING_ELSE", "x")));
        assertEquals(
                List.of(
                        "unknown agent argument verbose (ignored; docs/configuration.md lists the keys)"),
                warnings(new ConfigFixture().args("verbose=true")));
    }

    @Test
    void unknownKeysDoNotStopTheElectionOrOtherKeys() {
        AgentConfig config =
                new ConfigFixture()
                        .env("LEADERGATE_LEASE_NAM", "x")
                        .env("LEADERGATE_LEASE_NAME", "y")
                        .load();
        assertEquals("y", config.get(ConfigKeys.LEASE_NAME));
        assertFalse(config.problems().isEmpty());
        assertEquals(List.of(), config.electionBlockers());
    }

    @Test
    void distanceCountsAdjacentSwapsAsOneEdit() {
        assertEquals(1, KeySuggestions.distance("lease", "laese"));
        assertEquals(1, KeySuggestions.distance("name", "nam"));
        assertEquals(2, KeySuggestions.distance("leasename", "lease.nmae"));
        assertEquals(
                3,
                KeySuggestions.distance(
                        "abc", "ca")); // optimal string alignment: no edits inside a swap
        assertEquals(0, KeySuggestions.distance("", ""));
    }
}
