package io.leadergate.agent.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What users put on {@code -javaagent}: isolation, bootstrap packaging, manifest, size. */
class AgentJarContentsTest {

    private static final long MAX_BYTES = 6L * 1024 * 1024;
    private static JarFile jar;
    private static List<String> names;

    @BeforeAll
    static void open() throws IOException {
        jar = new JarFile(AgentJar.path().toFile());
        names =
                Collections.list(jar.entries()).stream()
                        .map(JarEntry::getName)
                        .collect(Collectors.toList());
    }

    @AfterAll
    static void close() throws IOException {
        jar.close();
    }

    @Test
    void everyClassIsOursOrRelocated() {
        List<String> escaped =
                names.stream()
                        .filter(name -> name.endsWith(".class"))
                        .filter(
                                name ->
                                        !name.startsWith("io/leadergate/agent/")
                                                && !name.startsWith("io/leadergate/shaded/"))
                        .collect(Collectors.toList());

        assertEquals(
                List.of(),
                escaped,
                "classes outside io/leadergate/{agent,shaded}/ would meet the app's");
    }

    @Test
    void nothingOutsideOurPackagesExceptMetadata() {
        List<String> stray =
                names.stream()
                        .filter(name -> !name.endsWith("/"))
                        .filter(
                                name ->
                                        !name.startsWith("io/leadergate/")
                                                && !name.startsWith("META-INF/"))
                        .collect(Collectors.toList());

        assertEquals(List.of(), stray);
        assertTrue(
                names.stream().noneMatch(name -> name.startsWith("META-INF/versions/")),
                "multi-release classes escape relocation");
        assertTrue(
                names.stream().noneMatch(name -> name.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)")));
    }

    @Test
    void appFacingClassesAreNotAtTheRoot() {
        assertTrue(
                names.stream().noneMatch(name -> name.startsWith("io/leadergate/bootstrap/")),
                "a second Gate on the system class path would have its own state");
        assertTrue(
                names.stream()
                        .noneMatch(
                                name ->
                                        name.startsWith("io/leadergate/LeaderOnly")
                                                || name.startsWith(
                                                        "io/leadergate/NotLeaderException")),
                "the application ships the annotations");
    }

    @Test
    void bootstrapClassesAreNestedExactlyOnce() throws IOException {
        List<String> classes = classesOfNestedJar("META-INF/leadergate/leadergate-bootstrap.jar");

        assertTrue(classes.contains("io/leadergate/bootstrap/Gate.class"), classes.toString());
        assertTrue(
                classes.stream().allMatch(name -> name.startsWith("io/leadergate/bootstrap/")),
                classes.toString());
    }

    /**
     * Nothing reads the annotations from the agent jar: {@code @LeaderOnly} is recognised from the
     * app's class file (WithoutAnnotationsJarTest), and apps compile against
     * leadergate-annotations.
     */
    @Test
    void onlyTheBootstrapJarIsNested() {
        List<String> nested =
                names.stream()
                        .filter(name -> name.startsWith("META-INF/leadergate/"))
                        .filter(name -> !name.endsWith("/"))
                        .collect(Collectors.toList());

        assertEquals(List.of("META-INF/leadergate/leadergate-bootstrap.jar"), nested);
    }

    private static List<String> classesOfNestedJar(String name) throws IOException {
        JarEntry nested = jar.getJarEntry(name);
        assertNotNull(nested, name);
        List<String> classes = new ArrayList<>();
        try (JarInputStream in = new JarInputStream(jar.getInputStream(nested))) {
            for (JarEntry entry = in.getNextJarEntry();
                    entry != null;
                    entry = in.getNextJarEntry()) {
                if (entry.getName().endsWith(".class")) {
                    classes.add(entry.getName());
                }
            }
        }
        return classes;
    }

    @Test
    void manifestDeclaresTheAgent() throws IOException {
        Attributes manifest = jar.getManifest().getMainAttributes();

        assertEquals("io.leadergate.agent.LeadergateAgent", manifest.getValue("Premain-Class"));
        assertEquals("io.leadergate.agent.LeadergateAgent", manifest.getValue("Agent-Class"));
        assertEquals("true", manifest.getValue("Can-Retransform-Classes"));
        assertEquals("true", manifest.getValue("Can-Redefine-Classes"));
        assertNotNull(manifest.getValue("Implementation-Version"));
        assertTrue(
                manifest.getValue("Multi-Release") == null
                        || "false".equals(manifest.getValue("Multi-Release")));
    }

    /** A user picks a jar from agent/target: the agent jar must be the only one there. */
    @Test
    void theAgentJarIsTheOnlyJarInItsDirectory() throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(AgentJar.path().getParent())) {
            jars =
                    files.filter(file -> file.getFileName().toString().endsWith(".jar"))
                            .collect(Collectors.toList());
        }

        // Maven's own jar (no Premain-Class: "Error occurred during initialization of VM") is in
        // maven-jar/.
        assertEquals(
                List.of(AgentJar.path()),
                jars,
                "only the agent jar belongs in " + AgentJar.path().getParent());
    }

    @Test
    void serviceFilesNameOnlyRelocatedTypes() throws IOException {
        List<String> services =
                names.stream()
                        .filter(
                                name ->
                                        name.startsWith("META-INF/services/")
                                                && !name.endsWith("/"))
                        .collect(Collectors.toList());
        assertTrue(
                services.contains(
                        "META-INF/services/io.leadergate.shaded.org.slf4j.spi.SLF4JServiceProvider"),
                "the relocated slf4j-nop provider keeps client-java silent");

        for (String service : services) {
            String type = service.substring("META-INF/services/".length());
            assertTrue(
                    type.startsWith("io.leadergate."),
                    "would register with the app's ServiceLoader: " + service);
            try (InputStream in = jar.getInputStream(jar.getJarEntry(service))) {
                for (String line :
                        new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String provider = line.replaceAll("#.*", "").trim();
                    assertTrue(
                            provider.isEmpty() || provider.startsWith("io.leadergate."),
                            service + ": " + provider);
                }
            }
        }
    }

    /**
     * Stored, not deflated: loading a class from a deflated entry allocates an inflater buffer on
     * the heap (docs/design.md, "Start-up heap allocation").
     */
    @Test
    void theClassesAreStored() {
        List<String> deflated = new ArrayList<>();
        for (JarEntry entry : Collections.list(jar.entries())) {
            if (entry.getName().endsWith(".class") && entry.getMethod() != JarEntry.STORED) {
                deflated.add(entry.getName());
            }
        }
        assertTrue(deflated.isEmpty(), "deflated: " + deflated);
    }

    @Test
    void staysUnderSixMegabytes() throws IOException {
        long size = Files.size(AgentJar.path());

        assertTrue(size <= MAX_BYTES, "agent jar is " + size + " bytes");
    }
}
