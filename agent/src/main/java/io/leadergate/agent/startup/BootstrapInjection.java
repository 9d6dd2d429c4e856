package io.leadergate.agent.startup;

import io.leadergate.agent.log.AgentLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import net.bytebuddy.dynamic.loading.ClassInjector;

/**
 * Puts {@code io.leadergate.bootstrap.*} on the bootstrap class path, so that advice inlined into
 * classes of any loader resolves one {@code Gate}. Must run before anything references {@code Gate}.
 *
 * <p>The classes ship as a nested jar ({@value #NESTED_JAR}), never at the agent jar's root, which
 * would put a second copy on the system class path. The nested jar is written to a unique temporary
 * file (in {@code java.io.tmpdir}, else in {@code /dev/shm}, a tmpfs that stays writable in pods with
 * {@code readOnlyRootFilesystem}) and appended to the bootstrap search path. Only where no such file
 * can be written are the classes defined in the bootstrap loader directly, through Unsafe.
 */
final class BootstrapInjection {

    static final String NESTED_JAR = "META-INF/leadergate/leadergate-bootstrap.jar";
    static final String GATE = "io.leadergate.bootstrap.Gate";

    private static final Path[] TEMPORARY_DIRECTORIES = {
        Paths.get(System.getProperty("java.io.tmpdir")), Paths.get("/dev/shm"),
    };

    private BootstrapInjection() {}

    /** Returns how the classes were made visible, for the debug log; throws if they could not be. */
    static String inject(Instrumentation instrumentation) throws IOException {
        if (onBootstrapPath()) {
            return "already on the bootstrap class path";
        }
        byte[] jar = readNestedJar();
        for (Path directory : TEMPORARY_DIRECTORIES) {
            try {
                Path file = Files.createTempFile(directory, "leadergate-bootstrap-", ".jar");
                file.toFile().deleteOnExit();
                Files.write(file, jar);
                instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(file.toFile()));
                return "appended " + file + " to the bootstrap class path";
            } catch (IOException | RuntimeException unwritable) {
                AgentLog.debug("cannot write the bootstrap jar in " + directory + " (" + unwritable + ")");
            }
        }
        return defineInBootstrapLoader(jar, instrumentation);
    }

    static boolean onBootstrapPath() {
        try {
            Class.forName(GATE, false, null);
            return true;
        } catch (ClassNotFoundException absent) {
            return false;
        }
    }

    private static byte[] readNestedJar() throws IOException {
        ClassLoader agentLoader = BootstrapInjection.class.getClassLoader();
        try (InputStream in = agentLoader.getResourceAsStream(NESTED_JAR)) {
            if (in == null) {
                throw new IOException(NESTED_JAR + " is missing from the agent jar");
            }
            return in.readAllBytes();
        }
    }

    private static String defineInBootstrapLoader(byte[] jar, Instrumentation instrumentation) throws IOException {
        Map<String, byte[]> classes = classesOf(jar);
        ClassInjector.UsingUnsafe.Factory unsafe = ClassInjector.UsingUnsafe.Factory.resolve(instrumentation);
        if (!unsafe.isAvailable()) {
            throw new IOException("no temporary directory is writable and Unsafe class definition is unavailable");
        }
        unsafe.make(null).injectRaw(classes);
        return "defined " + classes.size() + " classes in the bootstrap loader (Unsafe)";
    }

    /** Class name → bytes, in jar order (a supertype must precede its subtypes in the jar). */
    private static Map<String, byte[]> classesOf(byte[] jar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    in.transferTo(bytes);
                    classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'), bytes.toByteArray());
                }
            }
        }
        return classes;
    }
}
