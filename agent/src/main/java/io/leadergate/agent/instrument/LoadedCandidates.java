package io.leadergate.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds classes that were loaded before {@code premain} and might need weaving: those another agent
 * listed first loaded, or {@code ScheduledThreadPoolExecutor} if the JVM or such an agent already
 * uses it. They can only be woven by retransformation, which {@code premain} does for exactly these
 * before {@code main} can call them unguarded (rather than reading every loaded class). In a plain
 * JVM the answer is none after a name check of the few hundred JDK classes loaded at that point.
 */
public final class LoadedCandidates {

    private LoadedCandidates() {}

    /** The loaded classes that are candidates, in the JVM's order; usually none. */
    public static List<Class<?>> all(
            Instrumentation instrumentation, ClassFileCandidates candidates) {
        List<Class<?>> found = new ArrayList<>();
        CodeSource agentJar = LoadedCandidates.class.getProtectionDomain().getCodeSource();
        boolean bootstrapCandidates = candidates.mayMatchBootstrapClasses();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            // Nearly all are the JDK's: skipped before asking the JVM anything about them (~3 ms
            // for the ~1,000 classes of a JVM at premain, interpreted, when each had its name
            // built, replaced and compared).
            if (!bootstrapCandidates && type.getClassLoader() == null) {
                continue;
            }
            if (type.isArray() || type.isPrimitive() || !instrumentation.isModifiableClass(type)) {
                continue;
            }
            String internalName = type.getName().replace('.', '/');
            ClassLoader loader = type.getClassLoader();
            if (loader != null
                    && (IgnoredNames.ignoresInternalName(internalName)
                            || fromAgentJar(type, agentJar))) {
                continue;
            }
            byte[] classFile = classFile(loader, internalName);
            // A class file its loader will not serve cannot be ruled out: count it (waiting is
            // safe).
            if (classFile == null || candidates.mayMatch(loader, internalName, classFile)) {
                found.add(type);
            }
        }
        return found;
    }

    private static boolean fromAgentJar(Class<?> type, CodeSource agentJar) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return agentJar != null
                && source != null
                && agentJar.getLocation().equals(source.getLocation());
    }

    /**
     * The class file as its loader serves it, or null; bootstrap classes are decided by name alone.
     */
    private static byte[] classFile(ClassLoader loader, String internalName) {
        if (loader == null) {
            return new byte[0];
        }
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }
}
