package io.leadergate.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * What the matchers may ask of a candidate class, read from its class file and never from a loaded
 * class: its name, supertypes, modifiers, annotations (by type name, with the string and enum
 * values of their elements) and declared methods. Supertypes further up are read as class-file
 * headers through the defining loader's resources ({@link #hasSuperType}), so matching never loads
 * or initializes an application class.
 *
 * <p>Annotations are recorded whatever their retention and whether or not their type is visible to
 * the class's loader: a class compiled against leadergate-annotations but run without it still
 * carries {@code @LeaderOnly}, and is gated all the same.
 */
final class ClassFacts {

    private final ClassLoader loader;
    private int access;
    private String internalName;
    private String superName;
    private String[] interfaces = new String[0];
    private final Map<String, Annotation> annotations = new HashMap<>();
    private final List<Method> methods = new ArrayList<>();

    private ClassFacts(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * @param loader the defining loader (null: bootstrap), for reading supertypes' class files
     * @throws IllegalArgumentException if {@code classFile} is not a class file ASM can read
     */
    static ClassFacts read(byte[] classFile, ClassLoader loader) {
        ClassFacts facts = new ClassFacts(loader);
        new ClassReader(classFile)
                .accept(
                        facts.new Reader(),
                        ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return facts;
    }

    /** Binary name, e.g. {@code com.acme.Jobs$Nightly}. */
    String name() {
        return internalName.replace('/', '.');
    }

    String internalName() {
        return internalName;
    }

    ClassLoader loader() {
        return loader;
    }

    boolean isInterface() {
        return (access & Opcodes.ACC_INTERFACE) != 0;
    }

    /** The annotation of type {@code binaryName} on the class itself, or null. */
    Annotation annotation(String binaryName) {
        return annotations.get(descriptor(binaryName));
    }

    boolean isAnnotatedWith(String binaryName) {
        return annotation(binaryName) != null;
    }

    List<Method> methods() {
        return Collections.unmodifiableList(methods);
    }

    /**
     * Whether {@code binaryName} is this class, its superclass chain or (with {@code interfaces})
     * any interface they implement, read header by header through the defining loader.
     *
     * @throws IllegalStateException naming a supertype whose class file the loader cannot serve:
     *     the question cannot be answered, and the caller reports the class as not instrumented
     */
    boolean hasSuperType(String binaryName, boolean interfaces) {
        String target = binaryName.replace('.', '/');
        Deque<String[]> pending = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        String type = internalName;
        String superType = superName;
        String[] implemented = this.interfaces;
        while (true) {
            if (type.equals(target)) {
                return true;
            }
            if (interfaces) {
                pending.push(implemented);
            }
            if (superType == null || superType.equals("java/lang/Object")) {
                break;
            }
            ClassReader header = header(superType);
            type = superType;
            superType = header.getSuperName();
            implemented = header.getInterfaces();
        }
        while (!pending.isEmpty()) {
            for (String candidate : pending.pop()) {
                if (candidate.equals(target)) {
                    return true;
                }
                if (seen.add(candidate)) {
                    pending.push(header(candidate).getInterfaces());
                }
            }
        }
        return false;
    }

    private ClassReader header(String internal) {
        String resource = internal + ".class";
        try (InputStream in =
                loader == null
                        ? ClassLoader.getSystemResourceAsStream(resource)
                        : loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        "its supertype " + internal.replace('/', '.') + " has no class file");
            }
            return new ClassReader(in.readAllBytes());
        } catch (IOException | RuntimeException unreadable) {
            if (unreadable instanceof IllegalStateException) {
                throw (IllegalStateException) unreadable;
            }
            throw new IllegalStateException(
                    "cannot read its supertype " + internal.replace('/', '.') + ": " + unreadable);
        }
    }

    static String descriptor(String binaryName) {
        return "L" + binaryName.replace('.', '/') + ";";
    }

    /** One declared method (or constructor, or initializer) of the class. */
    final class Method {
        private final int access;
        private final String name;
        private final String descriptor;
        private final Map<String, Annotation> annotations = new HashMap<>();

        Method(int access, String name, String descriptor) {
            this.access = access;
            this.name = name;
            this.descriptor = descriptor;
        }

        ClassFacts declaringType() {
            return ClassFacts.this;
        }

        String name() {
            return name;
        }

        /** JVM descriptor, e.g. {@code (Ljava/lang/String;I)V}. */
        String descriptor() {
            return descriptor;
        }

        /** Name and descriptor: unique among the declared methods. */
        String signature() {
            return name + descriptor;
        }

        /** Binary names of the parameter types, arrays as {@code java.lang.String[]}. */
        List<String> parameterTypes() {
            List<String> names = new ArrayList<>();
            for (Type parameter : Type.getArgumentTypes(descriptor)) {
                names.add(parameter.getClassName());
            }
            return names;
        }

        /** The erased return type's descriptor, e.g. {@code V}, {@code Ljava/util/Optional;}. */
        String returnDescriptor() {
            return descriptor.substring(descriptor.indexOf(')') + 1);
        }

        /** The erased return type's binary name, e.g. {@code void}, {@code java.util.Optional}. */
        String returnTypeName() {
            return Type.getReturnType(descriptor).getClassName();
        }

        /** A method proper: neither a constructor nor a type initializer. */
        boolean isMethod() {
            return !name.startsWith("<");
        }

        boolean is(int modifier) {
            return (access & modifier) != 0;
        }

        boolean isStatic() {
            return is(Opcodes.ACC_STATIC);
        }

        boolean isAbstract() {
            return is(Opcodes.ACC_ABSTRACT);
        }

        boolean isNative() {
            return is(Opcodes.ACC_NATIVE);
        }

        boolean isPrivate() {
            return is(Opcodes.ACC_PRIVATE);
        }

        boolean isPublic() {
            return is(Opcodes.ACC_PUBLIC);
        }

        boolean isBridge() {
            return is(Opcodes.ACC_BRIDGE);
        }

        boolean isSynthetic() {
            return is(Opcodes.ACC_SYNTHETIC);
        }

        /** The annotation of type {@code binaryName} on this method, or null. */
        Annotation annotation(String binaryName) {
            return annotations.get(ClassFacts.descriptor(binaryName));
        }

        boolean isAnnotatedWith(String binaryName) {
            return annotation(binaryName) != null;
        }

        @Override
        public String toString() {
            return ClassFacts.this.name() + "#" + name + descriptor;
        }
    }

    /**
     * One annotation: the string values of its elements and the constant names of its enum values
     * (others are not needed by any matcher and not kept).
     */
    static final class Annotation {
        private final Map<String, String> values = new HashMap<>();

        /** The element's value as written in the class file; null if it is not (the default). */
        String value(String element) {
            return values.get(element);
        }
    }

    private final class Reader extends ClassVisitor {
        Reader() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(
                int version,
                int access,
                String name,
                String signature,
                String superName,
                String[] interfaces) {
            ClassFacts.this.access = access;
            ClassFacts.this.internalName = name;
            ClassFacts.this.superName = superName;
            ClassFacts.this.interfaces = interfaces == null ? new String[0] : interfaces;
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            return recording(annotations, descriptor);
        }

        @Override
        public MethodVisitor visitMethod(
                int access, String name, String descriptor, String signature, String[] exceptions) {
            Method method = new Method(access, name, descriptor);
            methods.add(method);
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    return recording(method.annotations, annotation);
                }
            };
        }
    }

    private static AnnotationVisitor recording(Map<String, Annotation> into, String descriptor) {
        Annotation annotation = new Annotation();
        into.putIfAbsent(descriptor, annotation);
        return new AnnotationVisitor(Opcodes.ASM9) {
            @Override
            public void visit(String name, Object value) {
                if (value instanceof String) {
                    annotation.values.put(name, (String) value);
                }
            }

            @Override
            public void visitEnum(String name, String descriptor, String value) {
                annotation.values.put(name, value);
            }
        };
    }
}
