package io.leadergate.agent.instrument;

import io.leadergate.agent.config.WorkGroups;
import io.leadergate.agent.log.AgentLog;

/**
 * Gates methods annotated {@code @io.leadergate.LeaderOnly}, and the declared methods of types so
 * annotated, as the annotation's Javadoc specifies. The annotation is matched by name in the class
 * file: the agent never loads the application's annotation class, and a class whose loader lacks
 * leadergate-annotations altogether is gated all the same ({@link ClassFacts}).
 *
 * <p>Fail closed where the annotations jar is missing at run time: SKIP works as usual; THROW,
 * whose {@code NotLeaderException} the class cannot see, refuses with {@code IllegalStateException}
 * instead, so a caller never mistakes a skipped call for one that ran.
 */
public final class LeaderOnlyInstrumentation implements GatingInstrumentation {

    static final String LEADER_ONLY = "io.leadergate.LeaderOnly";
    private static final String NOT_LEADER_EXCEPTION_RESOURCE =
            "io/leadergate/NotLeaderException.class";
    private static final String LEADER_ONLY_RESOURCE = LEADER_ONLY.replace('.', '/') + ".class";

    @Override
    public String name() {
        return "@LeaderOnly";
    }

    /** {@code public static void main(String[])}: an entry point is never gated. */
    private static boolean isMain(ClassFacts.Method method) {
        return method.isStatic()
                && method.isPublic()
                && method.name().equals("main")
                && method.descriptor().equals("([Ljava/lang/String;)V");
    }

    /** What any instrumentation may gate: a method with a body of its own that is not main. */
    static boolean hasGateableBody(ClassFacts.Method method) {
        return method.isMethod()
                && !method.isAbstract()
                && !method.isNative()
                && !method.isBridge()
                && !method.isSynthetic()
                && !isMain(method);
    }

    /**
     * Annotated itself, or declared by an annotated type: the methods this instrumentation owns.
     */
    static boolean claimedByLeaderOnly(ClassFacts.Method method) {
        return method.isAnnotatedWith(LEADER_ONLY) || gatedByType(method);
    }

    private static boolean gatedByType(ClassFacts.Method method) {
        return method.declaringType().isAnnotatedWith(LEADER_ONLY)
                && !method.isPrivate()
                && !method.isStatic()
                && !method.signature().equals("equals(Ljava/lang/Object;)Z")
                && !method.signature().equals("hashCode()I")
                && !method.signature().equals("toString()Ljava/lang/String;");
    }

    @Override
    public boolean matchesType(ClassFacts type) {
        if (type.isAnnotatedWith(LEADER_ONLY)) {
            return true;
        }
        for (ClassFacts.Method method : type.methods()) {
            if (method.isAnnotatedWith(LEADER_ONLY)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean matchesMethod(ClassFacts.Method method) {
        return hasGateableBody(method) && claimedByLeaderOnly(method);
    }

    @Override
    public GateWeaver.Advice adviceFor(ClassFacts.Method method) {
        ClassFacts type = method.declaringType();
        if ("THROW".equals(modeOf(method))) {
            if (canSee(type.loader(), NOT_LEADER_EXCEPTION_RESOURCE)) {
                return GateWeaver.Advice.THROW;
            }
            AgentLog.once(
                    "throw-mode-unavailable:" + type.name(),
                    AgentLog.Level.WARN,
                    type.name()
                            + " asks for @LeaderOnly(mode = THROW) but its class loader cannot see "
                            + "io.leadergate.NotLeaderException (is leadergate-annotations on the run-time class path?); "
                            + "its gated calls on a replica that is not the leader throw IllegalStateException instead");
            return GateWeaver.Advice.THROW_ILLEGAL_STATE;
        }
        return returnsOptional(method)
                ? GateWeaver.Advice.SKIP_TO_EMPTY_OPTIONAL
                : GateWeaver.Advice.SKIP;
    }

    static boolean returnsOptional(ClassFacts.Method method) {
        return method.returnDescriptor().equals("Ljava/util/Optional;");
    }

    /**
     * The method's own annotation decides the mode (unwritten: the default, SKIP); without one, the
     * type's.
     */
    private static String modeOf(ClassFacts.Method method) {
        ClassFacts.Annotation own = method.annotation(LEADER_ONLY);
        return valueOf(own != null ? own : method.declaringType().annotation(LEADER_ONLY), "mode");
    }

    /**
     * {@code @LeaderOnly("billing")}: the method's own non-empty value names its group, else the
     * type's; none is the default group (as with an older leadergate-annotations, which has no
     * {@code value} to write into the class file).
     */
    @Override
    public String groupOf(ClassFacts.Method method) {
        String group = valueOf(method.annotation(LEADER_ONLY), "value");
        if (group == null || group.isEmpty()) {
            group = valueOf(method.declaringType().annotation(LEADER_ONLY), "value");
        }
        return group == null || group.isEmpty() ? WorkGroups.DEFAULT : group;
    }

    private static String valueOf(ClassFacts.Annotation annotation, String element) {
        return annotation == null ? null : annotation.value(element);
    }

    /**
     * Says what the matchers leave out: an annotated method without a body (abstract, an interface
     * method) gates nothing, since overrides do not inherit the gate; and a loader without
     * leadergate-annotations, whose classes are gated from their class files but cannot call {@code
     * io.leadergate.Leadership}.
     */
    @Override
    public void inspect(ClassFacts type) {
        for (ClassFacts.Method method : type.methods()) {
            if (!method.isAnnotatedWith(LEADER_ONLY)
                    || !(method.isAbstract() || method.isNative())) {
                continue;
            }
            AgentLog.once(
                    "leader-only-without-body:" + type.name() + "#" + method.name(),
                    AgentLog.Level.WARN,
                    GatedMethods.describe(method)
                            + " is annotated @LeaderOnly but has no body, so nothing is gated: "
                            + "an implementation or override is gated only if it is annotated itself");
        }
        ClassLoader loader = type.loader();
        if (loader != null && !canSee(loader, LEADER_ONLY_RESOURCE)) {
            AgentLog.once(
                    "annotations-not-visible:" + System.identityHashCode(loader),
                    AgentLog.Level.INFO,
                    type.name()
                            + " carries @LeaderOnly but its class loader ("
                            + loaderName(loader)
                            + ") has no leadergate-annotations jar: gated from its class file all the same; "
                            + "calls to io.leadergate.Leadership from that loader would throw NoClassDefFoundError");
        }
    }

    private static String loaderName(ClassLoader loader) {
        String name = loader.getName();
        return name != null ? name : loader.getClass().getName();
    }

    private static boolean canSee(ClassLoader loader, String resource) {
        try {
            return loader != null && loader.getResource(resource) != null;
        } catch (RuntimeException | LinkageError unreadable) {
            return false;
        }
    }
}
