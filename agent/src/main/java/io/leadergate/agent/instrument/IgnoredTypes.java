package io.leadergate.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Types never inspected for gating, decided by name alone before any class file is parsed: the
 * JDK, the agent's relocated dependencies, and widespread libraries. Thousands of classes load in a
 * typical app and almost none is gated; this keeps the per-class cost at a few string comparisons.
 *
 * <p>Deliberately not {@code io.leadergate.}: sample apps and user code may live under it. The
 * agent's own {@code io.leadergate.agent} classes are few and never annotated. An instrumentation
 * that gates library code (executors, Quartz, Spring) must carve its targets out of this list.
 */
final class IgnoredTypes {

    private static final String[] PREFIXES = {
        "java.", "javax.", "jdk.", "sun.", "com.sun.", "jakarta.",
        "io.leadergate.shaded.", "io.leadergate.bootstrap.",
        "net.bytebuddy.", "org.objectweb.asm.", "kotlin.", "kotlinx.", "scala.", "groovy.", "org.codehaus.groovy.",
        "org.springframework.", "org.hibernate.", "org.jboss.", "org.eclipse.jetty.", "io.undertow.", "org.glassfish.",
        "org.apache.catalina.", "org.apache.tomcat.", "org.apache.coyote.", "org.apache.logging.",
        "org.apache.commons.", "org.apache.http.", "org.apache.kafka.", "org.apache.maven.",
        "io.netty.", "io.grpc.", "reactor.", "io.micrometer.", "io.opentelemetry.", "io.prometheus.",
        "io.kubernetes.client.", "okhttp3.", "okio.", "retrofit2.",
        "ch.qos.logback.", "org.slf4j.", "org.yaml.snakeyaml.", "org.bouncycastle.",
        "com.fasterxml.jackson.", "com.google.common.", "com.google.gson.", "com.google.protobuf.",
        "com.zaxxer.hikari.", "org.postgresql.", "com.mysql.", "org.h2.", "org.hsqldb.",
        "org.junit.", "junit.", "org.opentest4j.", "org.apiguardian.", "org.mockito.", "org.assertj.",
        "org.gradle.", "org.aspectj.", "org.jetbrains.", "org.intellij.",
    };

    /**
     * JDK classes an instrumentation weaves on purpose: exempt from this list and from the agent's
     * rule that bootstrap classes are never transformed.
     */
    static final ElementMatcher.Junction<TypeDescription> INSTRUMENTED_JDK_TYPES =
            named(ExecutorInstrumentation.SCHEDULED_THREAD_POOL_EXECUTOR);

    private IgnoredTypes() {}

    static ElementMatcher.Junction<TypeDescription> matcher() {
        ElementMatcher.Junction<TypeDescription> ignored = nameContains("$$Lambda");
        for (String prefix : PREFIXES) {
            ignored = ignored.or(nameStartsWith(prefix));
        }
        return ignored.and(not(INSTRUMENTED_JDK_TYPES));
    }
}
