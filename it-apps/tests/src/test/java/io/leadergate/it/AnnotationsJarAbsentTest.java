package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The plain app compiled against leadergate-annotations but run without it, as Maven's {@code
 * provided} or Gradle's {@code compileOnly} scope leaves it: its jar's manifest names {@code
 * lib/leadergate-annotations-*.jar}, and here there is no {@code lib/} next to the jar, so the JVM
 * silently leaves it off the class path. The class file still carries {@code @LeaderOnly}; the
 * agent must gate it exactly as with the jar: one replica runs the work, the others stand by, and
 * no two runs ever overlap. (Before the fix, every replica ran it.)
 */
class AnnotationsJarAbsentTest {

    private static final Duration FIRST_LEADER = Duration.ofSeconds(90);
    private static final Duration OBSERVATION = Duration.ofSeconds(4);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Pattern STANDING_BY = Pattern.compile("(?m)^replica-\\d+: standing by");
    private static final String NO_ANNOTATIONS =
            "has no leadergate-annotations jar: gated from its class file";

    @RegisterExtension static final LeaseCluster cluster = new LeaseCluster();

    @Test
    void appRunWithoutTheAnnotationsJarIsGatedExactlyLikeWithIt() throws IOException {
        Path appJar = withoutLibDirectory(ItConfig.plainAppJar());
        ReplicaGroup group = cluster.startWithAgent(3, appJar, "no-annotations-jar");

        Run fresh = group.awaitSettledLeader(FIRST_LEADER, PATIENCE);
        List<Run> inWindow = group.runsDuring(fresh, OBSERVATION, PATIENCE);
        Set<String> runners = inWindow.stream().map(Run::replicaId).collect(Collectors.toSet());
        assertEquals(
                Set.of(fresh.replicaId()),
                runners,
                "only the leader may run gated work\n" + group.describe());
        assertTrue(
                inWindow.size() >= 15,
                "the leader stalled: " + inWindow.size() + " runs\n" + group.describe());
        for (ReplicaProcess replica : group.replicas()) {
            // Proves the annotations really were missing: the agent saw the loader without them.
            assertTrue(
                    replica.stderr().contains(NO_ANNOTATIONS),
                    replica.id()
                            + " had the annotations jar after all, or the agent did not say it gated without it\n"
                            + group.describe());
            assertFalse(replica.stderr().contains("NOT gated"), group.describe());
        }
        for (ReplicaProcess other : group.othersThan(fresh.replicaId())) {
            assertTrue(other.isAlive(), other.id() + " died\n" + group.describe());
            other.awaitStdoutLine(STANDING_BY, PATIENCE);
        }
        List<String> overlaps = group.runLog().overlaps();
        assertTrue(
                overlaps.isEmpty(),
                "two replicas ran gated work at the same time:\n"
                        + String.join("\n", overlaps)
                        + "\n"
                        + group.describe());
    }

    /**
     * A copy of {@code appJar} alone in a directory: its manifest's {@code lib/...} entries resolve
     * to nothing.
     */
    private static Path withoutLibDirectory(Path appJar) throws IOException {
        try (JarFile jar = new JarFile(appJar.toFile())) {
            String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
            assertTrue(
                    classPath != null && classPath.contains("leadergate-annotations"),
                    "the app is expected to name the annotations jar in its manifest: "
                            + classPath);
        }
        // Not under testDir(): the log directory's cleanup before each test removes files, not
        // directories.
        Path dir =
                Files.createTempDirectory(
                        Files.createDirectories(ItConfig.logsDir()), "compile-only-app-");
        Path copy = Files.copy(appJar, dir.resolve(appJar.getFileName()));
        assertFalse(Files.exists(dir.resolve("lib")));
        return copy;
    }
}
