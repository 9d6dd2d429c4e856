package io.leadergate.agent.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent leaves class data sharing alone: no JVM it enters prints "Sharing is only supported for
 * boot loader classes because bootstrap classpath has been appended", and the application's classes
 * still load from its archive: a Java 17 AppCDS archive (dynamic, trained without the agent, since
 * Java 17 cannot dump one with an agent) and a Java 25 AOT cache (trained with the agent, which a
 * cache must be to be accepted by a JVM with any {@code -javaagent}).
 */
class ClassSharingJvmTest {

    private static final String WARNING = "Sharing is only supported for boot loader classes";

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"current", "25"})
    void theAppsArchivedClassesStillLoadFromTheArchive(String jvm) throws Exception {
        Path java = Jvms.java(jvm);
        boolean aotCache = version(java) >= 25;
        Path archive = dir.resolve(aotCache ? "app.aot" : "app.jsa");
        Path classes = dir.resolve("classes.log");
        Map<String, String> env =
                Map.of(
                        "LEADERGATE_LEASE_NAME",
                        "sharing-test",
                        "LEADERGATE_KUBECONFIG",
                        dir.resolve("absent-kubeconfig").toString());

        List<String> training =
                aotCache
                        ? List.of("-XX:AOTCacheOutput=" + archive, AgentProcess.agentFlag())
                        : List.of("-XX:ArchiveClassesAtExit=" + archive);
        // CDS archives classes from jars only, not from the test-classes directory.
        Path appJar = appJar();
        AgentProcess train =
                AgentProcess.startJar(java, training, env, appJar, SharedApp.class, "once");
        assertEquals(0, train.awaitExit(), train.stderr());
        assertTrue(Files.isRegularFile(archive), "no archive written: " + train.stderr());

        AgentProcess app =
                AgentProcess.startJar(
                        java,
                        List.of(
                                (aotCache ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive,
                                "-Xlog:class+load=info:file=" + classes,
                                AgentProcess.agentFlag()),
                        env,
                        appJar,
                        SharedApp.class,
                        "once");
        assertEquals(0, app.awaitExit(), app.stderr());

        assertEquals(0, app.stderrLines(line -> line.contains(WARNING)), app.stderr());
        assertEquals(0, train.stderrLines(line -> line.contains(WARNING)), train.stderr());
        String log = Files.readString(classes, StandardCharsets.UTF_8);
        assertTrue(
                log.contains(SharedApp.class.getName() + " source: shared objects file"),
                "the app's main class did not come from the archive");
        assertTrue(
                log.contains("io.leadergate.bootstrap.Gate source: __JVM_DefineClass__"),
                "Gate is defined in the bootstrap loader, not appended from a jar");
        assertTrue(
                app.stdout().startsWith("gated work skipped"),
                "still gated (fail closed): " + app.stdout() + app.stderr());
    }

    /** SharedApp, GatedApp and its nested classes, and the annotations, in one jar. */
    private Path appJar() throws Exception {
        Path jar = dir.resolve("app.jar");
        Path classesDir =
                Path.of(
                        SharedApp.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI());
        Path annotations =
                Path.of(
                        io.leadergate.LeaderOnly.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            add(
                    out,
                    classesDir,
                    name ->
                            name.startsWith("io/leadergate/agent/packaging/SharedApp")
                                    || name.startsWith("io/leadergate/agent/packaging/GatedApp"));
            add(out, annotations, name -> name.startsWith("io/leadergate/"));
        }
        return jar;
    }

    /** The .class files of a directory or jar whose names match. */
    private static void add(JarOutputStream out, Path root, Predicate<String> wanted)
            throws IOException {
        if (Files.isDirectory(root)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
            }
            for (Path file : files) {
                String name =
                        root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                if (name.endsWith(".class") && wanted.test(name)) {
                    out.putNextEntry(new JarEntry(name));
                    out.write(Files.readAllBytes(file));
                    out.closeEntry();
                }
            }
        } else {
            try (JarFile in = new JarFile(root.toFile())) {
                for (JarEntry entry : Collections.list(in.entries())) {
                    if (entry.getName().endsWith(".class") && wanted.test(entry.getName())) {
                        out.putNextEntry(new JarEntry(entry.getName()));
                        out.write(in.getInputStream(entry).readAllBytes());
                        out.closeEntry();
                    }
                }
            }
        }
    }

    private static int version(Path java) throws Exception {
        Process p =
                new ProcessBuilder(java.toString(), "-XshowSettings:properties", "-version")
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        String spec = out.replaceAll("(?s).*java\\.specification\\.version = (\\d+).*", "$1");
        return Integer.parseInt(spec.trim());
    }
}
