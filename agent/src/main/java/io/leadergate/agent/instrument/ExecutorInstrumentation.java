package io.leadergate.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.leadergate.bootstrap.TaskFilter;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Gates tasks handed to any {@link java.util.concurrent.ScheduledThreadPoolExecutor} (which backs
 * {@code Executors.newScheduledThreadPool} and {@code newSingleThreadScheduledExecutor}) whose
 * class {@link ScheduledTaskClasses} selects: the task argument is replaced by a bootstrap-resident
 * wrapper that runs the task only while this JVM leads and otherwise returns normally, so periodic
 * tasks stay scheduled and start working when leadership arrives.
 *
 * <p>Woven into the JDK class itself (a bootstrap class, retransformed if already loaded), at the
 * entry points every submission goes through: {@code schedule(Runnable|Callable, ...)}, {@code
 * scheduleAtFixedRate}, {@code scheduleWithFixedDelay} ({@code execute} and {@code
 * submit(Runnable|Callable)} delegate to {@code schedule}), and {@code submit(Runnable, T)}, which
 * would otherwise hide the task inside the JDK's own {@code Callable} adapter.
 */
public final class ExecutorInstrumentation implements GatingInstrumentation {

    static final String SCHEDULED_THREAD_POOL_EXECUTOR =
            "java.util.concurrent.ScheduledThreadPoolExecutor";

    private static final ElementMatcher.Junction<MethodDescription> RUNNABLE_ENTRY_POINTS =
            isPublic()
                    .and(
                            named("schedule")
                                    .or(named("scheduleAtFixedRate"))
                                    .or(named("scheduleWithFixedDelay"))
                                    .or(named("submit")))
                    .and(takesArgument(0, Runnable.class));

    private static final ElementMatcher.Junction<MethodDescription> CALLABLE_ENTRY_POINTS =
            isPublic().and(named("schedule")).and(takesArgument(0, Callable.class));

    private final Advice wrapRunnable;
    private final Advice wrapCallable;

    /**
     * Parses {@code entries} (malformed ones are logged and dropped), publishes the class decision
     * to {@link TaskFilter} and returns the executor and {@code TimerTask} instrumentations; empty
     * when no entry is well-formed. Must run after the bootstrap classes are on the bootstrap path.
     */
    public static List<GatingInstrumentation> fromConfig(
            List<String> entries, GatedMethods registry) {
        if (entries == null) {
            return Collections.emptyList();
        }
        List<ConfiguredPatterns.Grouped<ClassNamePattern>> patterns =
                ConfiguredPatterns.parse(
                        ScheduledTaskClasses.KEY, entries, ClassNamePattern::parse);
        if (patterns.isEmpty()) {
            return Collections.emptyList();
        }
        ScheduledTaskClasses classes = new ScheduledTaskClasses(patterns, registry);
        TaskFilter.install(classes);
        return Arrays.asList(
                new ExecutorInstrumentation(), new TimerTaskInstrumentation(classes, registry));
    }

    ExecutorInstrumentation() {
        AdviceClasses advice = new AdviceClasses(null);
        this.wrapRunnable = advice.of(WrapRunnable.class);
        this.wrapCallable = advice.of(WrapCallable.class);
    }

    @Override
    public String name() {
        return ScheduledTaskClasses.KEY + " (ScheduledExecutorService)";
    }

    @Override
    public ElementMatcher<? super TypeDescription> typeMatcher() {
        return named(SCHEDULED_THREAD_POOL_EXECUTOR);
    }

    @Override
    public ElementMatcher<? super MethodDescription> methodMatcher() {
        return RUNNABLE_ENTRY_POINTS.or(CALLABLE_ENTRY_POINTS);
    }

    @Override
    public AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper adviceFor(
            TypeDescription type, MethodDescription method, ClassLoader loader) {
        return RUNNABLE_ENTRY_POINTS.matches(method) ? wrapRunnable : wrapCallable;
    }

    /**
     * Inlined into the JDK: references only {@link TaskFilter}, which the bootstrap loader
     * resolves. A failure inside leaves the argument as it was (the task runs ungated) rather than
     * breaking the application's scheduling call.
     */
    public static final class WrapRunnable {
        private WrapRunnable() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
            task = TaskFilter.gate(task);
        }
    }

    /** As {@link WrapRunnable}, for {@code schedule(Callable, long, TimeUnit)}. */
    public static final class WrapCallable {
        private WrapCallable() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(value = 0, readOnly = false) Callable<?> task) {
            task = TaskFilter.gate(task);
        }
    }
}
