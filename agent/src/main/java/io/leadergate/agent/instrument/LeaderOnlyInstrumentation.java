package io.leadergate.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isEquals;
import static net.bytebuddy.matcher.ElementMatchers.isHashCode;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.isToString;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.leadergate.agent.config.WorkGroups;
import io.leadergate.agent.log.AgentLog;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.annotation.AnnotationList;
import net.bytebuddy.description.enumeration.EnumerationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Gates methods annotated {@code @io.leadergate.LeaderOnly}, and the declared methods of types so
 * annotated, as the annotation's Javadoc specifies. The annotation is matched by name in the class
 * file: the agent never loads the application's annotation class, and a class whose loader lacks
 * leadergate-annotations altogether is gated all the same ({@link AnnotationClassFiles}).
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

    private static final ElementMatcher.Junction<AnnotationDescription> LEADER_ONLY_ANNOTATION =
            net.bytebuddy.matcher.ElementMatchers.annotationType(named(LEADER_ONLY));

    /** {@code public static void main(String[])}: an entry point is never gated. */
    private static final ElementMatcher.Junction<MethodDescription> MAIN =
            isStatic()
                    .and(isPublic())
                    .and(named("main"))
                    .and(takesArguments(String[].class))
                    .and(returns(void.class));

    /**
     * What any instrumentation may gate: a method with a body of its own that is not {@link #MAIN}.
     */
    static final ElementMatcher.Junction<MethodDescription> HAS_GATEABLE_BODY =
            isMethod()
                    .and(not(isAbstract()))
                    .and(not(isNative()))
                    .and(not(isBridge()))
                    .and(not(isSynthetic()))
                    .and(not(MAIN));

    private static final ElementMatcher.Junction<MethodDescription> GATED_BY_TYPE =
            isDeclaredBy(isAnnotatedWith(named(LEADER_ONLY)))
                    .and(not(isPrivate()))
                    .and(not(isStatic()))
                    .and(not(isEquals()))
                    .and(not(isHashCode()))
                    .and(not(isToString()));

    private final Advice skip;
    private final Advice skipToEmptyOptional;
    private final Advice refuse;
    private final Advice refuseWithoutApi;

    public LeaderOnlyInstrumentation(GatedMethods registry) {
        AdviceClasses advice = new AdviceClasses(registry, LeaderOnlyInstrumentation::groupOf);
        this.skip = advice.of(GateAdvice.Skip.class);
        this.skipToEmptyOptional = advice.of(GateAdvice.SkipToEmptyOptional.class);
        this.refuse = advice.of(GateAdvice.Throw.class);
        this.refuseWithoutApi = advice.of(GateAdvice.ThrowIllegalState.class);
    }

    @Override
    public String name() {
        return "@LeaderOnly";
    }

    @Override
    public ElementMatcher<? super TypeDescription> typeMatcher() {
        return isAnnotatedWith(named(LEADER_ONLY))
                .or(declaresMethod(isAnnotatedWith(named(LEADER_ONLY))));
    }

    @Override
    public ElementMatcher<? super MethodDescription> methodMatcher() {
        return HAS_GATEABLE_BODY.and(isAnnotatedWith(named(LEADER_ONLY)).or(GATED_BY_TYPE));
    }

    @Override
    public AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper adviceFor(
            TypeDescription type, MethodDescription method, ClassLoader loader) {
        if (throwMode(type, method)) {
            if (canSee(loader, NOT_LEADER_EXCEPTION_RESOURCE)) {
                return refuse;
            }
            AgentLog.once(
                    "throw-mode-unavailable:" + type.getName(),
                    AgentLog.Level.WARN,
                    type.getName()
                            + " asks for @LeaderOnly(mode = THROW) but its class loader cannot see "
                            + "io.leadergate.NotLeaderException (is leadergate-annotations on the run-time class path?); "
                            + "its gated calls on a replica that is not the leader throw IllegalStateException instead");
            return refuseWithoutApi;
        }
        return method.getReturnType().asErasure().represents(java.util.Optional.class)
                ? skipToEmptyOptional
                : skip;
    }

    /** The method's own annotation decides the mode; otherwise the type's. Unreadable → SKIP. */
    private static boolean throwMode(TypeDescription type, MethodDescription method) {
        String mode = modeOf(method.getDeclaredAnnotations());
        if (mode == null) {
            mode = modeOf(type.getDeclaredAnnotations());
        }
        return "THROW".equals(mode);
    }

    /**
     * {@code @LeaderOnly("billing")}: the method's own non-empty value names its group, else the
     * type's; none is the default group. An annotation type without {@code value} (an application
     * running an older leadergate-annotations) leaves the work in the default group, still gated.
     */
    static String groupOf(TypeDescription type, MethodDescription method) {
        String group = groupOf(method.getDeclaredAnnotations());
        if (group == null || group.isEmpty()) {
            group = groupOf(type.getDeclaredAnnotations());
        }
        return group == null ? WorkGroups.DEFAULT : group;
    }

    private static String groupOf(AnnotationList annotations) {
        AnnotationList leaderOnly = annotations.filter(LEADER_ONLY_ANNOTATION);
        if (leaderOnly.isEmpty()) {
            return null;
        }
        AnnotationDescription annotation = leaderOnly.getOnly();
        try {
            if (annotation
                    .getAnnotationType()
                    .getDeclaredMethods()
                    .filter(named("value"))
                    .isEmpty()) {
                return null; // an annotation class from before groups: no value to read
            }
            return annotation.getValue("value").resolve(String.class);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static String modeOf(AnnotationList annotations) {
        AnnotationList leaderOnly = annotations.filter(LEADER_ONLY_ANNOTATION);
        if (leaderOnly.isEmpty()) {
            return null;
        }
        try {
            return leaderOnly
                    .getOnly()
                    .getValue("mode")
                    .resolve(EnumerationDescription.class)
                    .getValue();
        } catch (RuntimeException unreadable) {
            // The annotation type could not be resolved from the app's loader: gate, but quietly.
            return "SKIP";
        }
    }

    /**
     * Says what the matchers leave out: an annotated method without a body (abstract, an interface
     * method) gates nothing, since overrides do not inherit the gate; and a loader without
     * leadergate-annotations, whose classes are gated from their class files but cannot call {@code
     * io.leadergate.Leadership}.
     */
    @Override
    public void inspect(TypeDescription type, ClassLoader loader) {
        for (MethodDescription method :
                type.getDeclaredMethods()
                        .filter(
                                isAnnotatedWith(named(LEADER_ONLY))
                                        .and(isAbstract().or(isNative())))) {
            AgentLog.once(
                    "leader-only-without-body:" + type.getName() + "#" + method.getInternalName(),
                    AgentLog.Level.WARN,
                    GatedMethods.describe(type, method)
                            + " is annotated @LeaderOnly but has no body, so nothing is gated: "
                            + "an implementation or override is gated only if it is annotated itself");
        }
        if (loader != null && !canSee(loader, LEADER_ONLY_RESOURCE)) {
            AgentLog.once(
                    "annotations-not-visible:" + System.identityHashCode(loader),
                    AgentLog.Level.INFO,
                    type.getName()
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
