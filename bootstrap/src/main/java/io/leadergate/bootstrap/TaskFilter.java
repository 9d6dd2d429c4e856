package io.leadergate.bootstrap;

import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Decides, per task class, whether tasks handed to a {@code ScheduledThreadPoolExecutor} are gated,
 * and wraps those that are. Advice inlined into the JDK's executor calls {@link #gate(Runnable)}
 * and {@link #gate(Callable)}; the agent publishes the decision with {@link #install}.
 *
 * <p>The decision is taken once per class and cached in a {@link ClassValue}, so scheduling a task
 * costs one lookup; a class that does not match is returned untouched. Until {@link #install} runs,
 * nothing is gated. Must stay tiny and dependency-free: it is loaded by the bootstrap loader.
 */
public final class TaskFilter {

    /**
     * Gate id per task class; {@code -1} for classes whose tasks run ungated. Replaced on install.
     */
    private static volatile ClassValue<Integer> ids = ids(null);

    private TaskFilter() {}

    /**
     * Publishes the agent's decision: {@code describer} maps a task's class name to the description
     * its counters are registered under (see {@link Gate#register}), or to null if its tasks are
     * not gated. It must not throw; a class it fails on is treated as not gated.
     */
    public static void install(Function<String, String> describer) {
        ids = ids(describer);
    }

    /**
     * The task itself, or a {@link GatedRunnable} around it if its class is gated. Null stays null.
     */
    public static Runnable gate(Runnable task) {
        if (task == null || task instanceof GatedRunnable) {
            return task;
        }
        int id = ids.get(task.getClass());
        return id < 0 ? task : new GatedRunnable(task, id);
    }

    /**
     * The task itself, or a {@link GatedCallable} around it if its class is gated. Null stays null.
     */
    public static <V> Callable<V> gate(Callable<V> task) {
        if (task == null || task instanceof GatedCallable) {
            return task;
        }
        int id = ids.get(task.getClass());
        return id < 0 ? task : new GatedCallable<>(task, id);
    }

    private static ClassValue<Integer> ids(final Function<String, String> describer) {
        return new ClassValue<Integer>() {
            @Override
            protected Integer computeValue(Class<?> type) {
                if (describer == null) {
                    return -1;
                }
                String description;
                try {
                    description = describer.apply(type.getName());
                } catch (RuntimeException | LinkageError failure) {
                    description = null;
                }
                return description == null ? -1 : Gate.register(description);
            }
        };
    }
}
