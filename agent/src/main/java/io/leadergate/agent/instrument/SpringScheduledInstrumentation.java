package io.leadergate.agent.instrument;

import io.leadergate.agent.config.ConfigKeys;
import io.leadergate.agent.config.WorkGroups;
import io.leadergate.agent.log.AgentLog;
import java.util.List;

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

    private final LoaderCanSee springSchedulingVisible = new LoaderCanSee(SCHEDULED);

    /** By declaring class; empty: every method in the default group. */
    private final List<ConfiguredPatterns.Grouped<ClassNamePattern>> groups;

    public SpringScheduledInstrumentation() {
        this(null);
    }

    /**
     * @param groupPatterns {@code leadergate.gate.spring.scheduled.groups}: null or empty for the
     *     default group; a malformed entry is reported and ignored
     */
    public SpringScheduledInstrumentation(List<String> groupPatterns) {
        this.groups =
                groupPatterns == null
                        ? List.of()
                        : ConfiguredPatterns.parse(
                                ConfigKeys.GATE_SPRING_SCHEDULED_GROUPS.name(),
                                groupPatterns,
                                ClassNamePattern::parse);
        AgentLog.info(
                "gating Spring @Scheduled methods: on followers they return at once and stay scheduled");
    }

    /** The group of the first entry matching the class that declares the method. */
    @Override
    public String groupOf(ClassFacts.Method method) {
        if (groups.isEmpty()) {
            return WorkGroups.DEFAULT;
        }
        String declaring = method.declaringType().name();
        return ConfiguredPatterns.groupOf(
                ConfigKeys.GATE_SPRING_SCHEDULED_GROUPS.name(),
                groups,
                pattern -> pattern.matches(declaring),
                GatedMethods.describe(method));
    }

    @Override
    public String name() {
        return "Spring @Scheduled";
    }

    @Override
    public boolean appliesTo(ClassLoader loader) {
        return springSchedulingVisible.matches(loader);
    }

    private static boolean isScheduled(ClassFacts.Method method) {
        return method.isMethod()
                && !method.isAbstract()
                && !method.isNative()
                && !method.isBridge()
                && !method.isSynthetic()
                && (method.isAnnotatedWith(SCHEDULED) || method.isAnnotatedWith(SCHEDULES));
    }

    @Override
    public boolean matchesType(ClassFacts type) {
        for (ClassFacts.Method method : type.methods()) {
            if (isScheduled(method)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean matchesMethod(ClassFacts.Method method) {
        return isScheduled(method) && returnsNothingToSubscribeTo(method);
    }

    @Override
    public GateWeaver.Advice adviceFor(ClassFacts.Method method) {
        return GateWeaver.Advice.SKIP;
    }

    /** {@code void} or primitive return types; any other is reported once and not gated. */
    static boolean returnsNothingToSubscribeTo(ClassFacts.Method method) {
        char returned = method.returnDescriptor().charAt(0);
        if (returned != 'L' && returned != '[') {
            return true;
        }
        String description = method.declaringType().name() + "#" + method.name();
        AgentLog.once(
                "scheduled-not-gated:" + description,
                AgentLog.Level.WARN,
                "@Scheduled "
                        + description
                        + " returns "
                        + method.returnTypeName()
                        + ", which Spring may subscribe to; "
                        + "it is NOT gated and runs on every replica (gate only methods returning void)");
        return false;
    }
}
