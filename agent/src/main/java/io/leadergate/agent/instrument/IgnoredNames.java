package io.leadergate.agent.instrument;

/**
 * Packages whose classes are never inspected for gating: the JDK, the agent's relocated
 * dependencies and widespread libraries. Thousands of classes load in a typical app and almost none
 * is gated; this keeps the per-class cost at a few string comparisons.
 *
 * <p>{@link ClassFileCandidates} asks it for every class loaded, before any class file is read, so
 * it is the one ignore list of the weaving path.
 *
 * <p>Deliberately not {@code io.leadergate.}: sample apps and user code may live under it. The
 * agent's own {@code io.leadergate.agent} classes are few and never annotated. An instrumentation
 * that gates library code (executors, Quartz, Spring) must carve its targets out of this list.
 */
final class IgnoredNames {

    /** Binary-name prefixes (dotted). */
    static final String[] PREFIXES = {
        "java.",
        "javax.",
        "jdk.",
        "sun.",
        "com.sun.",
        "jakarta.",
        "io.leadergate.shaded.",
        "io.leadergate.bootstrap.",
        "net.bytebuddy.",
        "org.objectweb.asm.",
        "kotlin.",
        "kotlinx.",
        "scala.",
        "groovy.",
        "org.codehaus.groovy.",
        "org.springframework.",
        "org.hibernate.",
        "org.jboss.",
        "org.eclipse.jetty.",
        "io.undertow.",
        "org.glassfish.",
        "org.apache.catalina.",
        "org.apache.tomcat.",
        "org.apache.coyote.",
        "org.apache.logging.",
        "org.apache.commons.",
        "org.apache.http.",
        "org.apache.kafka.",
        "org.apache.maven.",
        "io.netty.",
        "io.grpc.",
        "reactor.",
        "io.micrometer.",
        "io.opentelemetry.",
        "io.prometheus.",
        "io.kubernetes.client.",
        "okhttp3.",
        "okio.",
        "retrofit2.",
        "ch.qos.logback.",
        "org.slf4j.",
        "org.yaml.snakeyaml.",
        "org.bouncycastle.",
        "com.fasterxml.jackson.",
        "com.google.common.",
        "com.google.gson.",
        "com.google.protobuf.",
        "com.zaxxer.hikari.",
        "org.postgresql.",
        "com.mysql.",
        "org.h2.",
        "org.hsqldb.",
        "org.junit.",
        "junit.",
        "org.opentest4j.",
        "org.apiguardian.",
        "org.mockito.",
        "org.assertj.",
        "org.gradle.",
        "org.aspectj.",
        "org.jetbrains.",
        "org.intellij.",
    };

    /** Lambda and method-reference classes: generated, never annotated. */
    static final String LAMBDA_MARKER = "$$Lambda";

    /** The same prefixes in the class file's internal form ({@code java/util/}). */
    private static final String[] INTERNAL_PREFIXES = internalForm(PREFIXES);

    private IgnoredNames() {}

    /**
     * @param internalName as a {@code ClassFileTransformer} receives it, e.g. {@code com/acme/Foo}
     */
    static boolean ignoresInternalName(String internalName) {
        if (internalName.contains(LAMBDA_MARKER)) {
            return true;
        }
        for (String prefix : INTERNAL_PREFIXES) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String[] internalForm(String[] dotted) {
        String[] internal = new String[dotted.length];
        for (int i = 0; i < dotted.length; i++) {
            internal[i] = dotted[i].replace('.', '/');
        }
        return internal;
    }
}
