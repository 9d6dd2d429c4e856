package io.leadergate.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.leadergate.agent.config.ConfigKeys;
import io.leadergate.agent.config.WorkGroups;
import io.leadergate.agent.log.AgentLog;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Gates Spring's scheduled methods ({@code leadergate.gate.spring.scheduled}): methods annotated
 * {@code @org.springframework.scheduling.annotation.Scheduled}, or its repeatable container
 * {@code @Schedules}, skip their body on followers like {@code @LeaderOnly} in SKIP mode. The
 * method returns normally, so Spring's trigger (fixed rate, fixed delay, cron) keeps firing it.
 *
 * <p>Only methods returning {@code void} or a primitive are gated. Spring subscribes to what a
 * reactive or suspending method returns ({@code Publisher}, {@code Mono}, Kotlin's {@code
 * suspend}), and a skipped call would hand it {@code null}; such methods are left alone and named
 * once in a warning, so they run on every replica exactly as without the agent.
 *
 * <p>Matching is by annotation name in the class file; no Spring class is loaded. CGLIB subclasses
 * that Spring generates for proxies do not repeat the annotation, so only the user's method is
 * woven and a call through a proxy is gated once. Only loaders that can see {@code Scheduled} are
 * inspected.
 *
 * <p>Groups ({@code leadergate.gate.spring.scheduled.groups}): a method is gated in the group of
 * the first entry whose class pattern matches the class that declares it, else in the default
 * group; the entries group the methods, they never narrow which are gated.
 */
public final class SpringScheduledInstrumentation implements GatingInstrumentation {

    static final String SCHEDULED = "org.springframework.scheduling.annotation.Scheduled";
    static final String SCHEDULES = "org.springframework.scheduling.annotation.Schedules";

    private static final ElementMatcher.Junction<MethodDescription> SCHEDULED_METHOD =
            isMethod()
                    .and(not(isAbstract()))
                    .and(not(isNative()))
                    .and(not(isBridge()))
                    .and(not(isSynthetic()))
                    .and(isAnnotatedWith(named(SCHEDULED).or(named(SCHEDULES))));

    private final LoaderCanSee springSchedulingVisible = new LoaderCanSee(SCHEDULED);
    private final Advice skip;

    /** By declaring class; empty: every method in the default group. */
    private final List<ConfiguredPatterns.Grouped<ClassNamePattern>> groups;

    public SpringScheduledInstrumentation(GatedMethods registry) {
        this(registry, null);
    }

    /**
     * @param groupPatterns {@code leadergate.gate.spring.scheduled.groups}: null or empty for the
     *     default group; a malformed entry is reported and ignored
     */
    public SpringScheduledInstrumentation(GatedMethods registry, List<String> groupPatterns) {
        this.groups =
                groupPatterns == null
                        ? List.of()
                        : ConfiguredPatterns.parse(
                                ConfigKeys.GATE_SPRING_SCHEDULED_GROUPS.name(),
                                groupPatterns,
                                ClassNamePattern::parse);
        this.skip = new AdviceClasses(registry, this::groupOf).of(GateAdvice.Skip.class);
        AgentLog.info(
                "gating Spring @Scheduled methods: on followers they return at once and stay scheduled");
    }

    /** The group of the first entry matching the class that declares the method. */
    String groupOf(TypeDescription type, MethodDescription method) {
        if (groups.isEmpty()) {
            return WorkGroups.DEFAULT;
        }
        String declaring = method.getDeclaringType().asErasure().getName();
        return ConfiguredPatterns.groupOf(
                ConfigKeys.GATE_SPRING_SCHEDULED_GROUPS.name(),
                groups,
                pattern -> pattern.matches(declaring),
                GatedMethods.describe(type, method));
    }

    @Override
    public String name() {
        return "Spring @Scheduled";
    }

    @Override
    public ElementMatcher<? super ClassLoader> classLoaderMatcher() {
        return springSchedulingVisible;
    }

    @Override
    public ElementMatcher<? super TypeDescription> typeMatcher() {
        return declaresMethod(SCHEDULED_METHOD);
    }

    @Override
    public ElementMatcher<? super MethodDescription> methodMatcher() {
        return SCHEDULED_METHOD.and(new ReturnsNothingToSubscribeTo());
    }

    @Override
    public AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper adviceFor(
            TypeDescription type, MethodDescription method, ClassLoader loader) {
        return skip;
    }

    /** {@code void} or primitive return types; any other is reported once and not gated. */
    static final class ReturnsNothingToSubscribeTo
            extends ElementMatcher.Junction.AbstractBase<MethodDescription> {
        @Override
        public boolean matches(MethodDescription method) {
            TypeDescription returned = method.getReturnType().asErasure();
            if (returned.isPrimitive()) {
                return true;
            }
            String description =
                    method.getDeclaringType().asErasure().getName() + "#" + method.getName();
            AgentLog.once(
                    "scheduled-not-gated:" + description,
                    AgentLog.Level.WARN,
                    "@Scheduled "
                            + description
                            + " returns "
                            + returned.getName()
                            + ", which Spring may subscribe to; "
                            + "it is NOT gated and runs on every replica (gate only methods returning void)");
            return false;
        }
    }
}
