package io.leadergate.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Byte Buddy's view of {@link IgnoredNames}: types never inspected for gating, decided by name
 * alone before any class file is parsed, with the JDK types an instrumentation weaves on purpose
 * carved out.
 */
final class IgnoredTypes {

    /**
     * JDK classes an instrumentation weaves on purpose: exempt from this list and from the agent's
     * rule that bootstrap classes are never transformed.
     */
    static final ElementMatcher.Junction<TypeDescription> INSTRUMENTED_JDK_TYPES =
            named(ExecutorInstrumentation.SCHEDULED_THREAD_POOL_EXECUTOR);

    private IgnoredTypes() {}

    static ElementMatcher.Junction<TypeDescription> matcher() {
        ElementMatcher.Junction<TypeDescription> ignored = nameContains(IgnoredNames.LAMBDA_MARKER);
        for (String prefix : IgnoredNames.PREFIXES) {
            ignored = ignored.or(nameStartsWith(prefix));
        }
        return ignored.and(not(INSTRUMENTED_JDK_TYPES));
    }
}
