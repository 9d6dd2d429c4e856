package io.leadergate.agent.startup;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.leadergate.agent.config.AgentConfig;
import io.leadergate.agent.instrument.GatedMethods;
import io.leadergate.agent.log.AgentLog;
import io.leadergate.bootstrap.Gate;
import io.leadergate.testsupport.Await;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code leadergate.eager=true} starts the election with the JVM: no gated class, no wait. */
class ElectionTriggerTest {

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        AgentLog.setOutput(System.err);
        AgentLog.setLevel(AgentLog.Level.INFO);
        Gate.notifyWhenWanted(null);
    }

    private String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void eagerResolvesTheElectionAtOnceWithoutArmingTheWait() {
        AgentLog.setOutput(new PrintStream(log, true, StandardCharsets.UTF_8));
        AgentLog.setLevel(AgentLog.Level.DEBUG);
        Gate.notifyWhenWanted(null);
        // No kubeconfig, no service account: the start thread resolves, logs why not, and ends.
        AgentConfig config =
                AgentConfig.load("eager=true,health.port=off", Map.of(), Map.of(), null);

        ElectionTrigger.arm(config, "test", new GatedMethods(), System.nanoTime());

        Await.until(
                "the start thread to resolve the election with nothing gated",
                Duration.ofSeconds(30),
                () -> log().contains("not electing, because"));
        assertFalse(log().contains("ms after the first gated class"), log());
        assertFalse(Gate.admit(Gate.register("ElectionTriggerTest#work()")));
        assertFalse(Gate.leadershipWanted(), "no wait was armed for a refused call to end");
    }
}
