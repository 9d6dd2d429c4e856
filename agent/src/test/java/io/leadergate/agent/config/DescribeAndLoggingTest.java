package io.leadergate.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.log.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DescribeAndLoggingTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        AgentLog.setOutput(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        AgentLog.setOutput(System.err);
    }

    private String log() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void describeNamesLeaseIdentityTimingsAndOrigins() {
        ConfigFixture fixture =
                new ConfigFixture()
                        .env("POD_NAME", "my-app-7d4b9c8f5-x2k4q")
                        .env("POD_NAMESPACE", "team-a")
                        .env("LEADERGATE_RETRY_PERIOD", "1s");
        String line = fixture.load().describe();
        assertTrue(
                line.matches(
                        "lease team-a/my-app-leader as my-app-7d4b9c8f5-x2k4q_[a-z0-9]{5}; lease duration 15s, "
                                + "renew deadline 10s, retry period 1s; kubeconfig none \\(in-cluster service account\\), lease name "
                                + "derived from pod name my-app-7d4b9c8f5-x2k4q \\(POD_NAME\\), namespace from POD_NAMESPACE, identity "
                                + "derived from POD_NAME plus a random suffix"),
                line);
    }

    @Test
    void refusedValueMakesOnePlainNotElectingLineWithoutTheDefaultsStandingInForIt() {
        AgentLog.reset(
                "config: not electing: invalid leadergate.renew.deadline (see the errors above)");
        AgentConfig config =
                new ConfigFixture()
                        .env("LEADERGATE_LEASE_NAME", "jobs")
                        .env("LEADERGATE_RENEW_DEADLINE", "10")
                        .load();

        String line = config.describe();

        assertEquals(
                "not electing, because invalid leadergate.renew.deadline (see the errors above)",
                line);
        assertEquals(
                1,
                log().split("ERROR not electing, because invalid leadergate.renew.deadline", -1)
                                .length
                        - 1,
                log());
        assertFalse(log().contains("renew deadline 10s"), log());
    }

    @Test
    void derivedLeaseNameIsLoggedAtInfo() {
        String line =
                "lease name not set; derived billing-leader from pod name billing-5d9c7b8f6-bz2vn "
                        + "(set LEADERGATE_LEASE_NAME to choose another)";
        AgentLog.reset("config: " + line);
        new ConfigFixture().env("POD_NAME", "billing-5d9c7b8f6-bz2vn").load().resolveElection();
        assertTrue(log().contains("INFO  " + line), log());
    }

    @Test
    void reasonForNotElectingIsLoggedOnce() {
        AgentConfig config = new ConfigFixture().env("POD_NAME", "laptop-x").load();
        ElectionResolution first = config.resolveElection();
        assertSame(first, config.resolveElection());
        new ConfigFixture().env("POD_NAME", "laptop-x").load().resolveElection();
        String reasonKey = "config: not electing: " + first.reason().orElseThrow();
        AgentLog.reset(reasonKey);
        assertEquals(
                1,
                log().split("ERROR not electing, because lease name not set", -1).length - 1,
                log());
    }

    @Test
    void logProblemsLogsEachProblemOnce() {
        AgentConfig config =
                new ConfigFixture()
                        .env("LEADERGATE_LEASE_NAM", "x")
                        .env("LEADERGATE_ENABLED", "nope")
                        .load();
        config.logProblems();
        config.logProblems();
        for (ConfigProblem problem : config.problems()) {
            AgentLog.reset("config: " + problem.message());
            assertEquals(
                    1,
                    log().split(java.util.regex.Pattern.quote(problem.message()), -1).length - 1,
                    log());
        }
        assertTrue(log().contains("WARN  unknown environment variable LEADERGATE_LEASE_NAM"));
        assertTrue(log().contains("ERROR environment variable LEADERGATE_ENABLED=\"nope\""));
    }

    @Test
    void disabledAgentDoesNotElect() {
        AgentConfig config =
                new ConfigFixture()
                        .env("LEADERGATE_ENABLED", "false")
                        .env("POD_NAME", "web-0")
                        .load();
        assertFalse(config.resolveElection().elects());
        assertEquals(
                "disabled (leadergate.enabled=false (environment variable LEADERGATE_ENABLED))",
                config.describe());
    }

    @Test
    void loadDoesNotTouchTheMachine() {
        ConfigFixture fixture = new ConfigFixture().env("LEADERGATE_LEASE_NAME", "jobs");
        fixture.host.hostName("box");
        fixture.load();
        assertEquals(0, fixture.host.hostNameLookups);
    }
}
