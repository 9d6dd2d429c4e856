package io.leadergate.agent.instrument;

import io.leadergate.bootstrap.TaskFilter;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

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
        return Arrays.asList(new ExecutorInstrumentation(), new TimerTaskInstrumentation(classes));
    }

    ExecutorInstrumentation() {}

    @Override
    public String name() {
        return ScheduledTaskClasses.KEY + " (ScheduledExecutorService)";
    }

    @Override
    public boolean matchesType(ClassFacts type) {
        return type.name().equals(SCHEDULED_THREAD_POOL_EXECUTOR);
    }

    @Override
    public boolean matchesMethod(ClassFacts.Method method) {
        return adviceFor(method) != null;
    }

    /**
     * {@code schedule}, {@code scheduleAtFixedRate}, {@code scheduleWithFixedDelay} and {@code
     * submit} taking a {@code Runnable} first; {@code schedule} taking a {@code Callable} first.
     */
    @Override
    public GateWeaver.Advice adviceFor(ClassFacts.Method method) {
        if (!method.isPublic()) {
            return null;
        }
        String name = method.name();
        String descriptor = method.descriptor();
        if (descriptor.startsWith("(Ljava/lang/Runnable;")
                && (name.equals("schedule")
                        || name.equals("scheduleAtFixedRate")
                        || name.equals("scheduleWithFixedDelay")
                        || name.equals("submit"))) {
            return GateWeaver.Advice.WRAP_RUNNABLE;
        }
        if (descriptor.startsWith("(Ljava/util/concurrent/Callable;") && name.equals("schedule")) {
            return GateWeaver.Advice.WRAP_CALLABLE;
        }
        return null;
    }
}
