package io.leadergate.agent.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leadergate.testapp.early.EarlyApp;
import io.leadergate.testapp.early.PreloadingAgent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gated code used at once must be gated: weaving happens on the loading thread, and classes loaded
 * before Leadergate's premain are retransformed before it returns. On a follower (no API server:
 * the gate stays shut) nothing gated may run, whether its class loads in the first milliseconds of
 * {@code main} or even before Leadergate's premain. (The app lives outside {@code
 * io.leadergate.agent}, whose classes are never gated as executor tasks.)
 */
class EarlyGatingJvmTest {

    private static final String GATED_TASKS =
            "-Dleadergate.gate.executors=" + EarlyApp.EarlyTask.class.getName();

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"current", "25"})
    void gatedCodeUsedInTheFirstMillisecondsOfMainIsGated(String jvm) throws Exception {
        AgentProcess app =
                AgentProcess.start(
                        Jvms.java(jvm),
                        List.of(
                                AgentProcess.agentFlag(),
                                GATED_TASKS,
                                "-Dleadergate.log.level=debug"),
                        Map.of(),
                        EarlyApp.class);

        assertEquals(0, app.awaitExit(), app.stderr());
        assertEquals("early=0 task=0", app.stdout().trim(), app.stderr());
        assertEquals(1, app.stderrLines(line -> line.contains("premain took")), app.stderr());
    }

    @ParameterizedTest
    @ValueSource(strings = {"current", "25"})
    void classesLoadedBeforeTheAgentAreWovenBeforeMain(String jvm) throws Exception {
        AgentProcess app =
                AgentProcess.start(
                        Jvms.java(jvm),
                        List.of(
                                "-javaagent:" + preloadingAgentJar(),
                                AgentProcess.agentFlag(),
                                GATED_TASKS,
                                "-Dleadergate.log.level=debug"),
                        Map.of(),
                        EarlyApp.class);

        assertEquals(0, app.awaitExit(), app.stderr());
        assertEquals("early=0 task=0", app.stdout().trim(), app.stderr());
        // Both were loaded before premain: woven by retransformation, before premain returned.
        for (String retransformed :
                List.of(
                        "retransformed io.leadergate.testapp.early.EarlyApp$EarlyJob ",
                        "retransformed java.util.concurrent.ScheduledThreadPoolExecutor ")) {
            assertEquals(1, app.stderrLines(line -> line.contains(retransformed)), app.stderr());
        }
    }

    /**
     * A manifest-only jar: the JVM finds its Premain-Class on the class path (these test classes).
     */
    private Path preloadingAgentJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", PreloadingAgent.class.getName());
        Path jar = dir.resolve("preloading-agent.jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }
}
