package io.leadergate.agent.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.devserver.DevApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shaded jar as users run it: {@code -javaagent} in a separate JVM, on Java 17 and 25. Proves
 * the minimized jar still has every class its paths need, and that the agent never takes the app
 * down.
 */
class AgentJvmTest {

    private static final Duration LOG_TIMEOUT = Duration.ofSeconds(60);

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"current", "25"})
    void withoutApiServerGatedWorkStaysOffAndTheAppExitsNormally(String jvm) throws Exception {
        Path kubeconfig = unreachableKubeconfig();
        AgentProcess app =
                AgentProcess.start(
                        Jvms.java(jvm),
                        List.of(AgentProcess.agentFlag()),
                        electing(kubeconfig),
                        "until-stdin");

        app.awaitStderr(
                line ->
                        line.startsWith("[leadergate]")
                                && (line.contains(" WARN ") || line.contains(" ERROR "))
                                && line.contains("packaging-test"),
                LOG_TIMEOUT);
        app.tell("stop");

        assertEquals(0, app.awaitExit(), app.stderr());
        assertTrue(app.stdout().startsWith("gated work skipped"), app.stdout());
        assertEquals(
                1,
                app.stderrLines(
                        line -> line.contains("leadergate 0.") && line.contains(" active: ")),
                app.stderr());
        assertEquals(
                0,
                app.stderrLines(line -> line.startsWith("\tat ")),
                "no stack traces: " + app.stderr());
        assertEquals(
                0,
                app.stderrLines(line -> line.startsWith("WARNING:")),
                "no JVM warnings (Unsafe): " + app.stderr());
    }

    @ParameterizedTest
    @ValueSource(strings = {"current", "25"})
    void leadsThroughTlsWithClientCertificate(String jvm) throws Exception {
        try (DevApiServer server =
                DevApiServer.builder()
                        .port(0)
                        .tls(true)
                        .clientCertAuth(true)
                        .client("app", null)
                        .build()
                        .start()) {
            Path kubeconfig = dir.resolve("kubeconfig");
            server.writeKubeconfig(kubeconfig, "app", "default");
            AgentProcess app =
                    AgentProcess.start(
                            Jvms.java(jvm),
                            List.of(AgentProcess.agentFlag()),
                            electing(kubeconfig),
                            "until-leader",
                            "60");

            assertEquals(0, app.awaitExit(), app.stderr());
            assertTrue(app.stdout().startsWith("gated work ran"), app.stdout() + app.stderr());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"current", "25"})
    void bootstrapClassesAreDefinedWithoutAFileOrTheBootstrapPath(String jvm) throws Exception {
        AgentProcess app =
                AgentProcess.start(
                        Jvms.java(jvm),
                        List.of(
                                AgentProcess.agentFlag(),
                                "-Djava.io.tmpdir=" + dir.resolve("missing"),
                                "-Dleadergate.log.level=debug"),
                        Map.of(),
                        "once");

        assertEquals(0, app.awaitExit(), app.stderr());
        assertTrue(app.stdout().startsWith("gated work skipped"), app.stdout() + app.stderr());
        // Defined in the bootstrap loader from memory: no temporary file, no appended search path.
        assertEquals(
                1,
                app.stderrLines(
                        line ->
                                line.contains("premain took")
                                        && line.contains("bootstrap classes: defined ")
                                        && line.contains(" classes in the bootstrap loader")),
                app.stderr());
        assertEquals(0, app.stderrLines(line -> line.contains("appended")), app.stderr());
    }

    @ParameterizedTest
    @ValueSource(strings = {"current"})
    void agentGivenTwiceActivatesOnce(String jvm) throws Exception {
        AgentProcess app =
                AgentProcess.start(
                        Jvms.java(jvm),
                        List.of(AgentProcess.agentFlag(), AgentProcess.agentFlag()),
                        electing(unreachableKubeconfig()),
                        "until-stdin");

        app.awaitStderr(line -> line.contains(" active: "), LOG_TIMEOUT);
        app.tell("stop");

        assertEquals(0, app.awaitExit(), app.stderr());
        assertTrue(app.stdout().startsWith("gated work skipped"), app.stdout());
        assertEquals(1, app.stderrLines(line -> line.contains(" active: ")), app.stderr());
        assertEquals(1, app.stderrLines(line -> line.contains("already active")), app.stderr());
    }

    @ParameterizedTest
    @ValueSource(strings = {"current"})
    void disabledAgentLeavesAnnotatedMethodsRunning(String jvm) throws Exception {
        AgentProcess app =
                AgentProcess.start(
                        Jvms.java(jvm),
                        List.of(AgentProcess.agentFlag(), "-Dleadergate.enabled=false"),
                        Map.of(),
                        "once");

        assertEquals(0, app.awaitExit(), app.stderr());
        assertTrue(app.stdout().startsWith("gated work ran"), app.stdout() + app.stderr());
    }

    @ParameterizedTest
    @ValueSource(strings = {"current"})
    void refusedValueGivesOnePlainNotElectingLineAndNoActiveLine(String jvm) throws Exception {
        AgentProcess app =
                AgentProcess.start(
                        Jvms.java(jvm),
                        List.of(AgentProcess.agentFlag()),
                        Map.of(
                                "LEADERGATE_LEASE_NAME",
                                "packaging-test",
                                "LEADERGATE_RENEW_DEADLINE",
                                "10",
                                "LEADERGATE_KUBECONFIG",
                                unreachableKubeconfig().toString()),
                        "until-stdin");

        app.awaitStderr(line -> line.contains("not electing, because"), LOG_TIMEOUT);
        app.tell("stop");

        assertEquals(0, app.awaitExit(), app.stderr());
        assertTrue(app.stdout().startsWith("gated work skipped"), app.stdout());
        assertEquals(
                1,
                app.stderrLines(
                        line ->
                                line.contains(
                                        "ERROR not electing, because invalid leadergate.renew.deadline")),
                app.stderr());
        assertEquals(
                0,
                app.stderrLines(
                        line -> line.contains(" active") || line.contains("renew deadline 10s")),
                "no line may echo the refused value's default as if it were in use: "
                        + app.stderr());
    }

    /** A kubeconfig whose server nothing listens on (port 1). */
    /**
     * The environment of an app that elects on the Lease packaging-test through {@code kubeconfig}.
     */
    private static Map<String, String> electing(Path kubeconfig) {
        return Map.of(
                "LEADERGATE_LEASE_NAME",
                "packaging-test",
                "LEADERGATE_KUBECONFIG",
                kubeconfig.toString());
    }

    private Path unreachableKubeconfig() throws IOException {
        Path file = dir.resolve("unreachable.kubeconfig");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "apiVersion: v1",
                        "kind: Config",
                        "clusters:",
                        "- name: nowhere",
                        "  cluster: {server: 'https://127.0.0.1:1', insecure-skip-tls-verify: true}",
                        "contexts:",
                        "- name: nowhere",
                        "  context: {cluster: nowhere, user: nobody, namespace: default}",
                        "current-context: nowhere",
                        "users:",
                        "- name: nobody",
                        "  user: {token: not-a-real-token}",
                        ""));
        return file;
    }
}
