package io.leadergate.agent.instrument;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One way of selecting work to gate: which types, which of their declared methods, and the advice
 * to inline into each. {@link GatingAgentBuilder} turns a list of these into one Byte Buddy agent.
 *
 * <p>Matchers see types described from class files (a type pool), never loaded classes: match
 * annotations and supertypes by name, and never load application classes from here.
 */
public interface GatingInstrumentation {

    /** Short name for log lines, e.g. {@code @LeaderOnly}. */
    String name();

    /** Types that may declare gated methods. Runs for every class not ignored: keep it cheap. */
    ElementMatcher<? super TypeDescription> typeMatcher();

    /**
     * Class loaders whose classes {@link #typeMatcher()} is asked about, checked first: a cheap way
     * to skip loaders that cannot see a library an instrumentation targets. All loaders by default.
     */
    default ElementMatcher<? super ClassLoader> classLoaderMatcher() {
        return net.bytebuddy.matcher.ElementMatchers.any();
    }

    /**
     * Called once per matched type, before its methods are woven: a place to warn about what the
     * matchers deliberately leave out. Must not throw; does nothing by default.
     */
    default void inspect(TypeDescription type, ClassLoader loader) {}

    /** Methods, declared by a matched type, into which advice is inlined. */
    ElementMatcher<? super MethodDescription> methodMatcher();

    /**
     * The advice for one matched method. {@code loader} is the instrumented class's loader ({@code
     * null} for the bootstrap loader), for advice that references application classes.
     */
    AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper adviceFor(
            TypeDescription type, MethodDescription method, ClassLoader loader);
}
