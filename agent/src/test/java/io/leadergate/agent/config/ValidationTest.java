package io.leadergate.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.log.AgentLog;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {

    private static AgentConfig timings(String lease, String renew, String retry) {
        return new ConfigFixture()
                .env("LEADERGATE_LEASE_NAME", "app-leader")
                .args(
                        "lease.duration="
                                + lease
                                + ",renew.deadline="
                                + renew
                                + ",retry.period="
                                + retry)
                .load();
    }

    @Test
    void defaultsSatisfyClientGoRules() {
        assertTrue(new ConfigFixture().load().electionBlockers().isEmpty());
    }

    @Test
    void leaseDurationMustExceedRenewDeadline() {
        AgentConfig equal = timings("10s", "10s", "2s");
        String error = ConfigFixture.onlyError(equal);
        assertEquals(
                "leadergate.lease.duration=10s (agent argument lease.duration) must be greater than "
                        + "leadergate.renew.deadline=10s (agent argument renew.deadline); client-go requires "
                        + "\"leaseDuration must be greater than renewDeadline\". Not electing: leader-only work stays off on "
                        + "this replica",
                error);
        assertFalse(equal.electionBlockers().isEmpty());
        assertTrue(timings("11s", "10s", "2s").problems().isEmpty());
    }

    @Test
    void renewDeadlineMustExceedJitteredRetryPeriod() {
        AgentConfig exactly = timings("15s", "1200ms", "1s");
        String error = ConfigFixture.onlyError(exactly);
        assertTrue(
                error.startsWith(
                        "leadergate.renew.deadline=1.2s (agent argument renew.deadline) must be greater "
                                + "than 1.2 × leadergate.retry.period=1s (agent argument retry.period) = 1.2s; client-go requires "
                                + "\"renewDeadline must be greater than retryPeriod*JitterFactor\""),
                error);
        assertFalse(exactly.electionBlockers().isEmpty());
        assertTrue(timings("15s", "1201ms", "1s").problems().isEmpty());
    }

    @Test
    void timingRuleNamesTheSourceOfDefaults() {
        AgentConfig config = new ConfigFixture().property("leadergate.retry.period", "9s").load();
        assertTrue(
                ConfigFixture.onlyError(config)
                        .startsWith(
                                "leadergate.renew.deadline=10s (default) must be greater"
                                        + " than 1.2 × leadergate.retry.period=9s (system property leadergate.retry.period) = 10.8s"));
    }

    @Test
    void invalidTimingIsReportedOnceNotAgainAsARuleViolation() {
        AgentConfig config = timings("10s", "10", "2s");
        String error = ConfigFixture.onlyError(config);
        assertTrue(
                error.startsWith("agent argument renew.deadline=\"10\": a unit is required"),
                error);
        assertTrue(config.electionBlockers().contains("invalid leadergate.renew.deadline"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "-5s", "PT-1S", "PT0S", "0.0000000001s"})
    void durationsMustBePositive(String value) {
        AgentConfig config = new ConfigFixture().env("LEADERGATE_RETRY_PERIOD", value).load();
        assertTrue(
                ConfigFixture.onlyError(config).contains("must be greater than 0")
                        || ConfigFixture.onlyError(config).contains("expected a duration"),
                config.problems().toString());
        assertEquals(Duration.ofSeconds(2), config.get(ConfigKeys.RETRY_PERIOD));
        assertFalse(config.electionBlockers().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1500ms", "15.5s", "500ms"})
    void leaseDurationMustBeWholeSeconds(String value) {
        AgentConfig config = new ConfigFixture().env("LEADERGATE_LEASE_DURATION", value).load();
        assertEquals(
                "environment variable LEADERGATE_LEASE_DURATION=\""
                        + value
                        + "\": must be a whole number of "
                        + "seconds, such as 15s (Lease.spec.leaseDurationSeconds is an integer). Not electing: leader-only work "
                        + "stays off on this replica",
                ConfigFixture.onlyError(config));
    }

    @Test
    void wholeSecondsInAnyFormAreAccepted() {
        assertEquals(
                Duration.ofSeconds(60),
                new ConfigFixture()
                        .env("LEADERGATE_LEASE_DURATION", "60000ms")
                        .load()
                        .get(ConfigKeys.LEASE_DURATION));
        assertEquals(
                Duration.ofSeconds(20),
                new ConfigFixture()
                        .env("LEADERGATE_LEASE_DURATION", "PT20S")
                        .load()
                        .get(ConfigKeys.LEASE_DURATION));
        assertEquals(
                Duration.ofSeconds(1),
                new ConfigFixture()
                        .env("LEADERGATE_LEASE_DURATION", "1s")
                        .env("LEADERGATE_RENEW_DEADLINE", "500ms")
                        .env("LEADERGATE_RETRY_PERIOD", "100ms")
                        .load()
                        .get(ConfigKeys.LEASE_DURATION));
    }

    @Test
    void invalidBooleanAndLogLevelFallBackToDefaultsAndDoNotStopTheElection() {
        AgentConfig config =
                new ConfigFixture()
                        .property("leadergate.enabled", "yes")
                        .env("LEADERGATE_LOG_LEVEL", "verbose")
                        .load();
        assertTrue(config.enabled());
        assertEquals(AgentLog.Level.INFO, config.logLevel());
        assertEquals(2, ConfigFixture.messages(config, AgentLog.Level.ERROR).size());
        assertEquals(
                "system property leadergate.enabled=\"yes\": expected true or false; using the default true",
                ConfigFixture.messages(config, AgentLog.Level.ERROR).get(0));
        assertEquals(
                "environment variable LEADERGATE_LOG_LEVEL=\"verbose\": expected one of error, warn, info, "
                        + "debug; using the default info",
                ConfigFixture.messages(config, AgentLog.Level.ERROR).get(1));
        assertTrue(config.electionBlockers().isEmpty());
    }

    @Test
    void booleanAndLogLevelParseCaseInsensitively() {
        AgentConfig config =
                new ConfigFixture()
                        .env("LEADERGATE_ENABLED", "FALSE")
                        .env("LEADERGATE_LOG_LEVEL", "Debug")
                        .load();
        assertFalse(config.enabled());
        assertEquals(AgentLog.Level.DEBUG, config.logLevel());
    }

    @Test
    void oneBadValueDoesNotLoseTheOthers() {
        AgentConfig config =
                new ConfigFixture()
                        .env("LEADERGATE_RENEW_DEADLINE", "ten seconds")
                        .env("LEADERGATE_LOG_LEVEL", "debug")
                        .env("LEADERGATE_LEASE_NAME", "app-leader")
                        .load();
        assertEquals(AgentLog.Level.DEBUG, config.logLevel());
        assertEquals("app-leader", config.get(ConfigKeys.LEASE_NAME));
        assertEquals(1, config.problems().size());
        assertFalse(config.resolveElection().elects());
    }
}
