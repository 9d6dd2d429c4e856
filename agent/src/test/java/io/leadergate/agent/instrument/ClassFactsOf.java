package io.leadergate.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@link ClassFacts} of test classes, read from their class files as the transformer reads them.
 */
final class ClassFactsOf {

    private ClassFactsOf() {}

    /** Without loading the class: by binary name, through the test class loader. */
    static ClassFacts type(String binaryName) {
        return type(binaryName, ClassFactsOf.class.getClassLoader());
    }

    static ClassFacts type(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return type(type.getName(), loader != null ? loader : ClassLoader.getSystemClassLoader());
    }

    static ClassFacts type(String binaryName, ClassLoader loader) {
        return ClassFacts.read(classFile(binaryName, loader), loader);
    }

    static byte[] classFile(String binaryName, ClassLoader loader) {
        String resource = binaryName.replace('.', '/') + ".class";
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no class file " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The only declared method named {@code name}. */
    static ClassFacts.Method method(ClassFacts type, String name) {
        ClassFacts.Method found = null;
        for (ClassFacts.Method method : type.methods()) {
            if (method.name().equals(name)) {
                if (found != null) {
                    throw new IllegalArgumentException(type.name() + " has two " + name);
                }
                found = method;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException(type.name() + " has no " + name);
        }
        return found;
    }

    /** The declared method {@code name} with exactly these parameter types. */
    static ClassFacts.Method method(ClassFacts type, String name, Class<?>... parameters) {
        StringBuilder descriptor = new StringBuilder("(");
        for (Class<?> parameter : parameters) {
            descriptor.append(net.bytebuddy.jar.asm.Type.getDescriptor(parameter));
        }
        descriptor.append(')');
        for (ClassFacts.Method method : type.methods()) {
            if (method.name().equals(name)
                    && method.descriptor().startsWith(descriptor.toString())) {
                return method;
            }
        }
        throw new IllegalArgumentException(type.name() + " has no " + name + descriptor);
    }
}
