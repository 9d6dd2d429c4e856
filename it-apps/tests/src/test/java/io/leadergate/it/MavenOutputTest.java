package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The demo's build line prints no stray escape codes: Maven 3.8's Jansi writes a reset ({@code
 * ESC[0m}) to stdout and stderr on exit even in batch mode, whatever {@code style.color} says; the
 * repository's {@code .mvn/jvm.config} sets {@code jansi.noreset}.
 */
class MavenOutputTest {

    @Test
    void quietBatchBuildPrintsNothingAtAll() throws IOException, InterruptedException {
        // agent/target/leadergate-agent.jar -> the repository root, where .mvn/ is.
        Path root = ItConfig.agentJar().getParent().getParent().getParent();
        Process mvn =
                new ProcessBuilder("mvn", "-B", "-q", "-o", "-N", "validate")
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .start();
        mvn.getOutputStream().close();
        String output = new String(mvn.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, mvn.waitFor(120, TimeUnit.SECONDS), "mvn did not finish");

        assertEquals(0, mvn.exitValue(), output);
        assertFalse(
                output.contains("\u001b"),
                "escape codes in Maven's output: " + output.replace("\u001b", "ESC"));
        assertEquals("", output);
    }
}
