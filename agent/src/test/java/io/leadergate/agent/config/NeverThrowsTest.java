package io.leadergate.agent.config;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.leadergate.agent.log.AgentLog;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * load() and resolveElection() run in premain and on the agent thread: whatever they are given,
 * they must return.
 */
class NeverThrowsTest {

    private static final String ALPHABET = "abcXYZ019.,=_-: \t\n\u0000\u00e9\u2603PTmsh#/\\\"'{}[]";

    @BeforeEach
    void silence() {
        AgentLog.setOutput(new PrintStream(OutputStream.nullOutputStream()));
    }

    @AfterEach
    void restore() {
        AgentLog.setOutput(System.err);
    }

    private static String garbage(Random random) {
        int length = random.nextInt(4) == 0 ? random.nextInt(600) : random.nextInt(40);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(
                    random.nextInt(10) == 0
                            ? (char) random.nextInt(0xFFFF)
                            : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    @Test
    void garbageInEverySourceNeverThrows() {
        Random random = new Random(7);
        for (int round = 0; round < 400; round++) {
            Map<String, String> properties = new HashMap<>();
            Map<String, String> environment = new HashMap<>();
            ConfigKey<?> key = ConfigKeys.all().get(random.nextInt(ConfigKeys.all().size()));
            properties.put(key.name(), garbage(random));
            properties.put("leadergate." + garbage(random), garbage(random));
            environment.put(
                    ConfigKeys.all().get(random.nextInt(ConfigKeys.all().size())).envName(),
                    garbage(random));
            environment.put("LEADERGATE_" + garbage(random), garbage(random));
            environment.put("POD_NAME", garbage(random));
            environment.put("POD_NAMESPACE", garbage(random));
            environment.put("KUBECONFIG", garbage(random));
            FakeHost host = new FakeHost().hostName(garbage(random));
            host.file("/var/run/secrets/kubernetes.io/serviceaccount/namespace", garbage(random));

            AgentConfig config = AgentConfig.load(garbage(random), properties, environment, host);
            assertNotNull(config.problems());
            assertNotNull(config.resolveElection());
            assertNotNull(config.describe());
            config.logLevel();
            config.enabled();
            config.kubeconfig();
        }
    }

    @Test
    void agentArgumentsAloneNeverThrow() {
        Random random = new Random(11);
        for (int round = 0; round < 400; round++) {
            String args =
                    garbage(random)
                            + ","
                            + ConfigKeys.all().get(round % ConfigKeys.all().size()).shortName()
                            + "="
                            + garbage(random);
            assertNotNull(AgentConfig.load(args, null, null, new FakeHost()).problems());
        }
    }

    @Test
    void kubeconfigReaderSurvivesGarbage() {
        Random random = new Random(13);
        for (int round = 0; round < 300; round++) {
            ConfigFixture fixture =
                    new ConfigFixture()
                            .env("LEADERGATE_LEASE_NAME", "jobs")
                            .env("KUBECONFIG", "/k");
            fixture.host.file("/k", garbage(random));
            assertNotNull(fixture.load().resolveElection());
        }
        ConfigFixture fixture =
                new ConfigFixture().env("LEADERGATE_LEASE_NAME", "jobs").env("KUBECONFIG", "/k");
        fixture.host.file(
                "/k", "a: &a [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nb: &b [*a, *a, *a, *a, *a]");
        assertNotNull(fixture.load().resolveElection());
    }
}
