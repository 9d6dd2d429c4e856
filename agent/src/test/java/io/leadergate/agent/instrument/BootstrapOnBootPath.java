package io.leadergate.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * Puts the bootstrap classes on this test JVM's bootstrap path, as premain does, so that advice
 * woven into JDK classes resolves them. Other tests may already have loaded {@code Gate} from the
 * test class path (a second copy with its own state), so tests reach the bootstrap loader's copies
 * by reflection through {@link #bootClass(String)}.
 */
final class BootstrapOnBootPath {

    private static final String NESTED_JAR = "META-INF/leadergate/leadergate-bootstrap.jar";
    private static boolean appended;

    private BootstrapOnBootPath() {}

    static synchronized void appendOnce(Instrumentation instrumentation) {
        if (appended) {
            return;
        }
        try (InputStream in =
                BootstrapOnBootPath.class.getClassLoader().getResourceAsStream(NESTED_JAR)) {
            if (in == null) {
                throw new IllegalStateException(
                        NESTED_JAR
                                + " is not on the test class path; run the build's generate-resources phase");
            }
            Path jar = Files.createTempFile("leadergate-bootstrap-test-", ".jar");
            jar.toFile().deleteOnExit();
            Files.write(jar, in.readAllBytes());
            instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // What CandidateTransformer does for the copy it sees: let java.base read the boot loader's
        // unnamed module.
        Module bootstrapModule = bootClass("io.leadergate.bootstrap.TaskFilter").getModule();
        instrumentation.redefineModule(
                Object.class.getModule(),
                Set.of(bootstrapModule),
                Map.of(),
                Map.of(),
                Set.of(),
                Map.of());
        appended = true;
    }

    static Class<?> bootClass(String name) {
        try {
            return Class.forName(name, true, null);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " is not on the bootstrap path", e);
        }
    }

    static Object invoke(
            Class<?> type, String method, Class<?>[] parameterTypes, Object... arguments) {
        try {
            Method target = type.getMethod(method, parameterTypes);
            return target.invoke(null, arguments);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call " + type.getName() + "." + method, e);
        }
    }
}
