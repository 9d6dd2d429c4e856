package io.leadergate.agent.startup;

import jdk.internal.misc.Unsafe;

/**
 * Defines a class in the bootstrap loader with {@code jdk.internal.misc.Unsafe}, linked directly,
 * not reflectively: on Java 18+ the first {@code Method.invoke} of a signature spins ~25
 * method-handle classes (JEP 416), ~15 ms of premain. Compiled apart (src/main/jdk-internal, with
 * {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}, which {@code --release} forbids);
 * calling it before {@link BootstrapInjection} has exported {@code jdk.internal.misc} to the
 * agent's module throws {@link IllegalAccessError}.
 */
final class BootLoaderDefiner {

    private BootLoaderDefiner() {}

    static Class<?> define(String name, byte[] classFile) {
        return Unsafe.getUnsafe().defineClass(name, classFile, 0, classFile.length, null, null);
    }
}
