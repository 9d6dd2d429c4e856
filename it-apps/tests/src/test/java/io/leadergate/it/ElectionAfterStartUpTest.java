package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.it.hardening.SlowStartApp;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The election of a lazily started agent begins once the application's start-up has settled, or as
 * soon as the application makes a gated call (the agent's {@code ElectionWait}): an app whose gated
 * class loads early but which keeps defining classes sends no Lease request while it does, then
 * leads; an app that calls its gated method at once leads while still loading, started by that
 * call.
 */
class ElectionAfterStartUpTest {

    private static final String QUIET = "quiet-app";
    private static final String CALLING = "calling-app";
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private static final Pattern REQUESTS_WHEN_STOPPED =
            Pattern.compile("slow-start-app: requests when loading stopped: (.*)");
    private static final Pattern LED_WHILE_LOADING =
            Pattern.compile("slow-start-app: led after (\\d+) classes, still loading");
    private static final Pattern BECAME_LEADER = Pattern.compile("became leader of lease");

    @RegisterExtension
    static final LeaseCluster cluster = new LeaseCluster(List.of(QUIET, CALLING));

    @Test
    void anAppStillLoadingClassesSendsNoLeaseRequestUntilItStopsThenLeads() {
        Map<String, String> env = env(QUIET);
        env.put("IT_LOADING_MILLIS", "1500");
        ChildJvm app = start(QUIET, "quiet", env);

        Matcher stopped = app.awaitStdoutLine(REQUESTS_WHEN_STOPPED, STARTUP);
        DevServerRequests whenStopped = DevServerRequests.parse(stopped.group(1));
        assertEquals(
                0,
                whenStopped.total(QUIET),
                "Lease requests while the app was still loading classes: "
                        + whenStopped
                        + "\n"
                        + app.describe());

        app.awaitStderrLine(BECAME_LEADER, STARTUP);
        assertTrue(
                app.stderr().contains("ms after the first gated class): no class loaded for"),
                "the election began because the start-up settled\n" + app.describe());
        assertTrue(DevServerRequests.fetch(cluster.server()).total(QUIET) > 0, app.describe());
    }

    @Test
    void anAppCallingItsGatedMethodAtOnceLeadsWhileStillLoadingClasses() {
        ChildJvm app = start(CALLING, "call", env(CALLING));

        Matcher led = app.awaitStdoutLine(LED_WHILE_LOADING, STARTUP);
        assertTrue(Long.parseLong(led.group(1)) > 0, app.describe());
        assertTrue(
                app.stderr()
                        .contains(
                                "ms after the first gated class): a gated call or a Leadership query found it not started"),
                "the election began at the first refused call, not at a quiet or the cap\n"
                        + app.describe());
        Matcher stopped = app.awaitStdoutLine(REQUESTS_WHEN_STOPPED, STARTUP);
        assertTrue(
                DevServerRequests.parse(stopped.group(1)).total(CALLING) > 0,
                "it led before its loading stopped\n" + app.describe());
    }

    private static Map<String, String> env(String client) {
        Map<String, String> env = new HashMap<>();
        env.put("LEADERGATE_KUBECONFIG", cluster.server().kubeconfig(client).toString());
        env.put("LEADERGATE_LEASE_NAME", client);
        env.put("LEADERGATE_LEASE_NAMESPACE", "default");
        env.put("LEADERGATE_IDENTITY", client);
        env.put("LEADERGATE_LEASE_DURATION", "2s");
        env.put("LEADERGATE_RENEW_DEADLINE", "1500ms");
        env.put("LEADERGATE_RETRY_PERIOD", "250ms");
        env.put("LEADERGATE_HEALTH_PORT", "off");
        env.put("LEADERGATE_LOG_LEVEL", "debug");
        env.put("LEADERGATE_GATE_METHODS", SlowStartApp.GATED_METHOD);
        env.put("IT_REQUESTS_URL", cluster.server().baseUri().resolve("/_dev/requests").toString());
        return env;
    }

    private static ChildJvm start(String name, String mode, Map<String, String> env) {
        List<String> command =
                ChildJvm.testClassCommand(
                        List.of("-javaagent:" + ItConfig.agentJar()), SlowStartApp.class, mode);
        return cluster.closeAfterTest(ChildJvm.start(name, command, env, cluster.testDir()));
    }
}
