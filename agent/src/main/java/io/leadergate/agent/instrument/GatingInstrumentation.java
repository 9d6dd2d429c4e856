package io.leadergate.agent.instrument;

import io.leadergate.agent.config.WorkGroups;

/**
 * One way of selecting work to gate: which types, which of their declared methods, and the advice
 * woven into each. {@link CandidateTransformer} asks every active one about each candidate class.
 *
 * <p>Matchers see {@link ClassFacts}, read from class files, never loaded classes: match
 * annotations and supertypes by name, and never load application classes from here.
 */
public interface GatingInstrumentation {

    /** Short name for log lines, e.g. {@code @LeaderOnly}. */
    String name();

    /**
     * Class loaders whose classes {@link #matchesType} is asked about, checked first: a cheap way
     * to skip loaders that cannot see a library an instrumentation targets. All loaders by default.
     */
    default boolean appliesTo(ClassLoader loader) {
        return true;
    }

    /** Types that may declare gated methods. Runs for every candidate class: keep it cheap. */
    boolean matchesType(ClassFacts type);

    /**
     * Called once per matched type, before its methods are woven: a place to warn about what the
     * matchers deliberately leave out. Must not throw; does nothing by default.
     */
    default void inspect(ClassFacts type) {}

    /** Methods, declared by a matched type, into which advice is woven. */
    boolean matchesMethod(ClassFacts.Method method);

    /** The advice for one matched method. */
    GateWeaver.Advice adviceFor(ClassFacts.Method method);

    /** Which group's Lease gates a matched method ({@code WorkGroups}); the default group here. */
    default String groupOf(ClassFacts.Method method) {
        return WorkGroups.DEFAULT;
    }
}
