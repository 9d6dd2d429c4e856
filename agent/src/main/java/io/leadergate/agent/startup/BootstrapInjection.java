package io.leadergate.agent.startup;

import io.leadergate.agent.log.AgentLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Makes {@code io.leadergate.bootstrap.*} classes of the bootstrap loader, so that advice inlined
 * into classes of any loader resolves one {@code Gate}. Must run before anything references {@code
 * Gate}.
 *
 * <p>The classes ship as a nested jar ({@value #NESTED_JAR}), never at the agent jar's root, which
 * would put a second copy on the system class path. They are <em>defined</em> in the bootstrap
 * loader one by one ({@code jdk.internal.misc.Unsafe.defineClass} with a null loader, called from
 * {@code BootLoaderDefiner} without reflection, its package exported to the agent through {@link
 * Instrumentation#redefineModule}), not appended to the bootstrap search path: an appended path
 * makes the JVM stop sharing archived application classes with some JDKs and print "Sharing is only
 * supported for boot loader classes because bootstrap classpath has been appended" in every JVM
 * (docs/design.md, "Bootstrap classes and CDS"). Only if that is impossible is the nested jar
 * written to a temporary file (in {@code java.io.tmpdir}, else {@code /dev/shm}, a tmpfs writable
 * in pods with {@code readOnlyRootFilesystem}) and appended.
 */
final class BootstrapInjection {

    static final String NESTED_JAR = "META-INF/leadergate/leadergate-bootstrap.jar";
    static final String GATE = "io.leadergate.bootstrap.Gate";

    private static final Path[] TEMPORARY_DIRECTORIES = {
        Paths.get(System.getProperty("java.io.tmpdir")), Paths.get("/dev/shm"),
    };

    private BootstrapInjection() {}

    /**
     * Returns how the classes were made visible, for the debug log; throws if they could not be.
     */
    static String inject(Instrumentation instrumentation) throws IOException {
        if (onBootstrapPath()) {
            return "already on the bootstrap class path";
        }
        byte[] jar = readNestedJar();
        Map<String, byte[]> classes = classesOf(jar);
        String notDefined;
        try {
            defineInBootstrapLoader(classes, instrumentation);
            return "defined " + classes.size() + " classes in the bootstrap loader";
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: IllegalAccessError if jdk.internal.misc could not be exported to us.
            notDefined = String.valueOf(e);
            AgentLog.debug(
                    "cannot define the bootstrap classes in the bootstrap loader ("
                            + notDefined
                            + "); appending them to the bootstrap class path instead");
        }
        for (Path directory : TEMPORARY_DIRECTORIES) {
            try {
                Path file = Files.createTempFile(directory, "leadergate-bootstrap-", ".jar");
                file.toFile().deleteOnExit();
                Files.write(file, jar);
                instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(file.toFile()));
                return "appended "
                        + file
                        + " to the bootstrap class path (defining them failed: "
                        + notDefined
                        + ")";
            } catch (IOException | RuntimeException unwritable) {
                AgentLog.debug(
                        "cannot write the bootstrap jar in " + directory + " (" + unwritable + ")");
            }
        }
        throw new IOException(
                "the classes could not be defined in the bootstrap loader ("
                        + notDefined
                        + ") and no temporary directory is writable to append them from a file");
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
        File agentJar = agentJar();
        if (agentJar != null) {
            // Read from the agent jar directly: the class loader would first search every module,
            // then open a jar: URL (JarURLConnection and a dozen classes more, ~2 ms).
            try (ZipFile zip = new ZipFile(agentJar)) {
                ZipEntry entry = zip.getEntry(NESTED_JAR);
                if (entry != null) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        return in.readAllBytes();
                    }
                }
            } catch (IOException notAJar) {
                // e.g. classes in a directory (tests): the class loader finds the resource below
            }
        }
        ClassLoader agentLoader = BootstrapInjection.class.getClassLoader();
        try (InputStream in = agentLoader.getResourceAsStream(NESTED_JAR)) {
            if (in == null) {
                throw new IOException(NESTED_JAR + " is missing from the agent jar");
            }
            return in.readAllBytes();
        }
    }

    /** The file this class was loaded from, or null if it is not a local file. */
    private static File agentJar() {
        try {
            CodeSource source = BootstrapInjection.class.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location == null || !"file".equals(location.getProtocol())) {
                return null;
            }
            return new File(location.toURI());
        } catch (URISyntaxException | RuntimeException unusable) {
            return null;
        }
    }

    /**
     * Defines {@code classes} in the bootstrap loader. A class whose supertype is not defined yet
     * fails with NoClassDefFoundError and is retried after the others, so jar order does not
     * matter.
     */
    private static void defineInBootstrapLoader(
            Map<String, byte[]> classes, Instrumentation instrumentation) {
        Module javaBase = Object.class.getModule();
        instrumentation.redefineModule(
                javaBase,
                Set.of(),
                Map.of("jdk.internal.misc", Set.of(BootstrapInjection.class.getModule())),
                Map.of(),
                Set.of(),
                Map.of());
        List<Map.Entry<String, byte[]>> pending = new ArrayList<>(classes.entrySet());
        while (!pending.isEmpty()) {
            int before = pending.size();
            NoClassDefFoundError missingSupertype = null;
            for (Iterator<Map.Entry<String, byte[]>> it = pending.iterator(); it.hasNext(); ) {
                Map.Entry<String, byte[]> type = it.next();
                try {
                    BootLoaderDefiner.define(type.getKey(), type.getValue());
                    it.remove();
                } catch (NoClassDefFoundError e) {
                    missingSupertype = e; // its supertype comes later in the jar: next pass
                }
            }
            if (pending.size() == before) {
                throw missingSupertype;
            }
        }
    }

    /**
     * Class name → bytes, in jar order. A ZipInputStream, not a JarInputStream: the manifest is of
     * no use here, and JarInputStream would load the jar verifier's classes too.
     */
    private static Map<String, byte[]> classesOf(byte[] jar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    in.transferTo(bytes);
                    classes.put(
                            name.substring(0, name.length() - ".class".length()).replace('/', '.'),
                            bytes.toByteArray());
                }
            }
        }
        return classes;
    }
}
