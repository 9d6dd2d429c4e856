package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.it.hardening.IdleApp;
import io.leadergate.testsupport.Await;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code JAVA_TOOL_OPTIONS=-javaagent:...} reaches every JVM of a container. JDK tools stay silent
 * and inactive even with {@code leadergate.eager=true}; a JVM with nothing to gate never contacts
 * the API server unless eager; the agent given in {@code JAVA_TOOL_OPTIONS} and on the command line
 * activates once.
 */
class OtherJvmsTest {

    private static final Duration EXIT = Duration.ofSeconds(90);

    /**
     * Many retry periods (250 ms): an elector that had started would have called the API server.
     */
    private static final Duration QUIET_WINDOW = Duration.ofSeconds(4);

    private static final Pattern IDLE_STARTED = Pattern.compile("idle-app: started");

    @RegisterExtension static final LeaseCluster cluster = new LeaseCluster();

    private static Map<String, String> agentEnv(String lease, boolean eager) {
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_TOOL_OPTIONS", "-javaagent:" + ItConfig.agentJar());
        env.put("LEADERGATE_KUBECONFIG", cluster.server().kubeconfig().toString());
        env.put("LEADERGATE_LEASE_NAME", lease);
        env.put("LEADERGATE_LEASE_NAMESPACE", "default");
        env.put("LEADERGATE_RETRY_PERIOD", "250ms");
        env.put("LEADERGATE_EAGER", String.valueOf(eager));
        return env;
    }

    @ParameterizedTest
    @ValueSource(strings = {"jcmd -l", "jps", "keytool -help", "javac -version"})
    void jdkToolsStayInactiveEvenWhenEager(String tool) throws Exception {
        Map<String, String> env = agentEnv("tools", true);
        int port = freePort();
        env.put("LEADERGATE_HEALTH_PORT", String.valueOf(port));
        env.put("LEADERGATE_LOG_LEVEL", "debug");
        long before = DevServerHooks.totalRequests(cluster.server());
        String[] words = tool.split(" ");
        List<String> command =
                new java.util.ArrayList<>(
                        List.of(ItConfig.replicaJava().resolveSibling(words[0]).toString()));
        command.addAll(List.of(words).subList(1, words.length));

        try (ChildJvm jvm = ChildJvm.start(words[0], command, env, cluster.testDir())) {
            assertEquals(0, jvm.awaitExit(EXIT), tool + " failed\n" + jvm.describe());
            String stderr = jvm.stderr();
            assertTrue(
                    stderr.contains("inactive in this JVM: it runs the tool"),
                    "the agent saw the tool\n" + jvm.describe());
            assertEquals(
                    1,
                    stderr.lines().filter(line -> line.startsWith("[leadergate]")).count(),
                    "only that one debug line\n" + jvm.describe());
            assertFalse(stderr.contains("electing") || stderr.contains("health"), jvm.describe());
        }
        assertEquals(
                before,
                DevServerHooks.totalRequests(cluster.server()),
                tool + " contacted the API server");
    }

    @Test
    void aJvmWithNothingGatedNeverContactsTheApiServerUnlessEager() {
        long before = DevServerHooks.totalRequests(cluster.server());
        try (ChildJvm lazy = startIdleApp("lazy", agentEnv("nothing-gated", false))) {
            lazy.awaitStdoutLine(IDLE_STARTED, EXIT);
            sleep(QUIET_WINDOW);
            assertEquals(
                    before,
                    DevServerHooks.totalRequests(cluster.server()),
                    "nothing gated, yet the API server was called\n" + lazy.describe());
            assertFalse(lazy.stderr().contains("electing"), lazy.describe());
        }
        try (ChildJvm eager = startIdleApp("eager", agentEnv("nothing-gated", true))) {
            Await.until(
                    "the eager agent to call the API server",
                    EXIT,
                    () -> DevServerHooks.totalRequests(cluster.server()) > before,
                    eager::describe);
            Await.until(
                    "the eager agent to elect",
                    EXIT,
                    () -> eager.stderr().contains("electing leader"),
                    eager::describe);
        }
    }

    @Test
    void agentInJavaToolOptionsAndOnTheCommandLineActivatesOnce() {
        try (ChildJvm twice =
                startIdleApp(
                        "twice", agentEnv("twice", true), "-javaagent:" + ItConfig.agentJar())) {
            Await.until(
                    "the agent to elect",
                    EXIT,
                    () -> twice.stderr().contains("electing leader"),
                    twice::describe);
            String stderr = twice.stderr();
            assertEquals(
                    1,
                    stderr.lines().filter(line -> line.contains(" active: ")).count(),
                    twice.describe());
            assertEquals(
                    1,
                    stderr.lines().filter(line -> line.contains("already active")).count(),
                    twice.describe());
        }
    }

    private static ChildJvm startIdleApp(String name, Map<String, String> env, String... jvmFlags) {
        List<String> command = ChildJvm.testClassCommand(List.of(jvmFlags), IdleApp.class);
        return ChildJvm.start(name, command, env, cluster.testDir());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** An observation window for something that must not happen; never a timing assertion. */
    private static void sleep(Duration window) {
        try {
            Thread.sleep(window.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
