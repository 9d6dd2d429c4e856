package io.leadergate.agent.instrument;

import io.leadergate.agent.log.AgentLog;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Which task classes {@code leadergate.gate.executors} selects. A class matches if a pattern
 * matches its own name, the class that defines it when it is a lambda or method reference ({@code
 * com.acme.Foo$$Lambda/0x...} and {@code com.acme.Foo$$Lambda$14/0x...} → {@code com.acme.Foo}), or
 * its top-level class when it is nested or anonymous ({@code com.acme.Foo$1} → {@code
 * com.acme.Foo}).
 *
 * <p>The agent's own classes never match, whatever the patterns say: its threads are not gated. As
 * the {@link io.leadergate.bootstrap.TaskFilter} describer it maps a class name to the description
 * its counters are registered under, or null.
 */
final class ScheduledTaskClasses implements Function<String, String> {

    static final String KEY = "leadergate.gate.executors";
    private static final String[] NEVER = {
        "io.leadergate.agent.", "io.leadergate.shaded.", "io.leadergate.bootstrap."
    };

    private final List<ConfiguredPatterns.Grouped<ClassNamePattern>> grouped;
    private final List<ClassNamePattern> patterns;
    private final GatedMethods registry;
    private final Map<String, AtomicInteger> lambdasByDefiningClass = new ConcurrentHashMap<>();

    ScheduledTaskClasses(
            List<ConfiguredPatterns.Grouped<ClassNamePattern>> grouped, GatedMethods registry) {
        this.grouped = grouped;
        this.patterns = ConfiguredPatterns.patterns(grouped);
        this.registry = registry;
    }

    /** Whether tasks (or TimerTasks) of {@code className} are gated. */
    boolean matches(String className) {
        for (String prefix : NEVER) {
            if (className.startsWith(prefix)) {
                return false;
            }
        }
        String defining = definingClass(className);
        String topLevel = topLevelClass(defining);
        for (ClassNamePattern pattern : patterns) {
            if (pattern.matches(defining) || pattern.matches(topLevel)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records a matching executor task class for the gating summary and its own counters; called
     * once per class. Each task class is one entry, so two tasks scheduled from one class are
     * listed apart: a named class by its name, a lambda or method reference (a hidden class whose
     * name carries only an address) as {@code <defining class> lambda <n>}, numbered per defining
     * class in the order they are first scheduled.
     */
    @Override
    public String apply(String className) {
        if (!matches(className)) {
            return null;
        }
        String defining = definingClass(className);
        String task =
                defining.equals(className)
                        ? className
                        : defining
                                + " lambda "
                                + lambdasByDefiningClass
                                        .computeIfAbsent(defining, name -> new AtomicInteger())
                                        .incrementAndGet();
        String description = task + " (ScheduledExecutorService task)";
        String topLevel = topLevelClass(defining);
        String group =
                ConfiguredPatterns.groupOf(
                        KEY,
                        grouped,
                        pattern -> pattern.matches(defining) || pattern.matches(topLevel),
                        description);
        registry.registerTask(defining, description, group);
        AgentLog.debug("gating executor tasks of class " + className + " as " + description);
        return description;
    }

    /** A lambda's or method reference's hidden class → the class whose code defines it. */
    static String definingClass(String className) {
        int lambda = className.indexOf("$$Lambda");
        return lambda > 0 ? className.substring(0, lambda) : className;
    }

    private static String topLevelClass(String className) {
        int nested = className.indexOf('$', className.lastIndexOf('.') + 1);
        return nested > 0 ? className.substring(0, nested) : className;
    }
}
