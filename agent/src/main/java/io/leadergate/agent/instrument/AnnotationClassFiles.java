package io.leadergate.agent.instrument;

import io.leadergate.agent.log.AgentLog;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * The class files of {@code @io.leadergate.LeaderOnly} and its {@code Mode}, from the copy of
 * leadergate-annotations nested in the agent jar ({@value #NESTED_JAR}): the fallback behind the
 * application's own class loader when Byte Buddy describes a class.
 *
 * <p>Why: Byte Buddy drops an annotation whose type it cannot resolve. A class compiled against
 * leadergate-annotations but run without it (Maven's {@code provided}, Gradle's {@code
 * compileOnly}) still carries {@code @LeaderOnly} in its class file, but would be described as
 * unannotated, and its gated methods would run on every replica. With this fallback the annotation
 * is recognised from the class file alone. The application's own copy, when it has one, is found
 * first.
 *
 * <p>The bytes only describe types in Byte Buddy's pool; no class is ever defined from them. They
 * are read once, on the first lookup the application's loader could not answer.
 */
final class AnnotationClassFiles implements ClassFileLocator {

    static final String NESTED_JAR = "META-INF/leadergate/leadergate-annotations.jar";
    static final AnnotationClassFiles INSTANCE = new AnnotationClassFiles();

    private static final String PREFIX = LeaderOnlyInstrumentation.LEADER_ONLY;

    private volatile Map<String, byte[]> classFiles;

    private AnnotationClassFiles() {}

    @Override
    public Resolution locate(String name) {
        if (!name.equals(PREFIX) && !name.startsWith(PREFIX + "$")) {
            return new Resolution.Illegal(name);
        }
        byte[] classFile = classFiles().get(name);
        return classFile == null
                ? new Resolution.Illegal(name)
                : new Resolution.Explicit(classFile);
    }

    private Map<String, byte[]> classFiles() {
        Map<String, byte[]> read = classFiles;
        if (read == null) {
            read = read();
            classFiles = read;
        }
        return read;
    }

    /**
     * {@code io.leadergate.LeaderOnly*} of the nested jar, by binary name; empty (and logged) if
     * unreadable.
     */
    private static Map<String, byte[]> read() {
        String prefix = PREFIX.replace('.', '/');
        Map<String, byte[]> found = new HashMap<>();
        try (InputStream nested =
                AnnotationClassFiles.class.getClassLoader().getResourceAsStream(NESTED_JAR)) {
            if (nested != null) {
                try (JarInputStream jar = new JarInputStream(nested)) {
                    for (JarEntry entry = jar.getNextJarEntry();
                            entry != null;
                            entry = jar.getNextJarEntry()) {
                        String name = entry.getName();
                        if (name.startsWith(prefix) && name.endsWith(".class")) {
                            found.put(
                                    name.substring(0, name.length() - ".class".length())
                                            .replace('/', '.'),
                                    jar.readAllBytes());
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            AgentLog.debug("cannot read " + NESTED_JAR + " (" + unreadable + ")");
        }
        if (!found.containsKey(PREFIX)) {
            AgentLog.once(
                    "annotation-class-files",
                    AgentLog.Level.ERROR,
                    "the agent jar has no readable "
                            + NESTED_JAR
                            + ": @LeaderOnly methods of classes whose loader does not see leadergate-annotations are NOT gated");
        }
        return Collections.unmodifiableMap(found);
    }

    @Override
    public void close() {
        // Nothing held open: the bytes are read in one go.
    }
}
