package io.leadergate.agent.instrument;

import io.leadergate.agent.config.WorkGroups;
import io.leadergate.agent.log.AgentLog;
import io.leadergate.bootstrap.Gate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * What the agent has gated so far, by class, for logging and exposure. Each method is also
 * registered with {@link Gate} under the same description, which gives it a stable counter id.
 *
 * <p>A method is recorded when advice is woven into it; a class loaded by two class loaders is
 * recorded once and shares its counters.
 */
public final class GatedMethods {

    private final Map<String, Set<String>> methodsByClass = new ConcurrentSkipListMap<>();

    /** The entries of {@link #methodsByClass} that are executor task classes, not methods. */
    private final Set<String> tasks = new ConcurrentSkipListSet<>();

    /** How many methods and task classes are recorded: {@link #summary} changes when it does. */
    private final AtomicInteger entries = new AtomicInteger();

    /** {@link #entries} when the summary was last logged, and when (nanos). */
    private volatile int summarized;

    private volatile long summarizedNanos;
    private final AtomicBoolean summarizing = new AtomicBoolean();

    /** At most one summary line per this many nanos; a change meanwhile waits for the next. */
    static final long SUMMARY_SPACING_NANOS = TimeUnit.SECONDS.toNanos(1);

    static final int SUMMARY_LISTED = 20;

    /** Run once when the first method or task class is registered; then null. */
    private final AtomicReference<Runnable> onFirst = new AtomicReference<>();

    /**
     * Groups of gated work by {@link Gate} group index, in the order their first work was
     * registered. Guarded by itself.
     */
    private final List<String> groups = new ArrayList<>(List.of(WorkGroups.DEFAULT));

    /** Told of each group when its first work is registered; guarded by {@link #groups}. */
    private final List<Consumer<String>> groupListeners = new ArrayList<>();

    /** Records {@code method} of the default group and returns its {@link Gate} id. */
    int register(ClassFacts.Method method) {
        return register(method, WorkGroups.DEFAULT);
    }

    /** Records {@code method} of {@code group} and returns its {@link Gate} id. */
    int register(ClassFacts.Method method, String group) {
        String description = describe(method);
        int index = groupIndex(group, description);
        if (methodsByClass
                .computeIfAbsent(
                        method.declaringType().name(), name -> new ConcurrentSkipListSet<>())
                .add(description)) {
            entries.incrementAndGet();
        }
        firstRegistered();
        return Gate.register(description, index);
    }

    /**
     * Records gated work that is not a woven method (an executor task class) of {@code group} under
     * {@code className}, the class that defines it, and returns its {@link Gate} id.
     */
    int registerTask(String className, String description, String group) {
        int index = groupIndex(group, description);
        if (methodsByClass
                .computeIfAbsent(className, name -> new ConcurrentSkipListSet<>())
                .add(description)) {
            entries.incrementAndGet();
        }
        tasks.add(description);
        firstRegistered();
        return Gate.register(description, index);
    }

    /**
     * The {@link Gate} group index of {@code group}, assigned on first use (the default group is
     * always 0). An invalid name, or one past {@link Gate#MAX_GROUPS}, is logged once and gets
     * {@link Gate#NEVER_OPEN}: that work stays off rather than run under the wrong Lease.
     */
    int groupIndex(String group, String work) {
        String name = WorkGroups.canonical(group);
        Optional<String> problem = WorkGroups.nameProblem(name);
        if (problem.isPresent()) {
            AgentLog.once(
                    "bad-group:" + name,
                    AgentLog.Level.ERROR,
                    work
                            + " "
                            + problem.get()
                            + ": its gated calls never run, on any replica, until it is fixed");
            return Gate.NEVER_OPEN;
        }
        synchronized (groups) {
            int index = groups.indexOf(name);
            if (index < 0) {
                if (groups.size() >= Gate.NEVER_OPEN) {
                    AgentLog.once(
                            "too-many-groups",
                            AgentLog.Level.ERROR,
                            "more than "
                                    + (Gate.NEVER_OPEN - 1)
                                    + " groups of gated work: "
                                    + work
                                    + " (group "
                                    + name
                                    + ") and those of later groups never run");
                    return Gate.NEVER_OPEN;
                }
                groups.add(name);
                index = groups.size() - 1;
            }
            if (!announced.contains(name)) {
                announced.add(name);
                for (Consumer<String> listener : groupListeners) {
                    tellQuietly(listener, name);
                }
            }
            return index;
        }
    }

    /** Groups already told to the listeners; guarded by {@link #groups}. */
    private final List<String> announced = new ArrayList<>();

    /**
     * Calls {@code listener} with each group that has gated work, now for those that have, later
     * (on the registering thread, which may be loading a class: keep it short) for each new one.
     */
    public void whenGroupGated(Consumer<String> listener) {
        synchronized (groups) {
            groupListeners.add(listener);
            for (String group : announced) {
                tellQuietly(listener, group);
            }
        }
    }

    /** The {@link Gate} group index of {@code group}; -1 before its first work is registered. */
    public int indexOf(String group) {
        synchronized (groups) {
            String name = WorkGroups.canonical(group);
            return announced.contains(name) ? groups.indexOf(name) : -1;
        }
    }

    private static void tellQuietly(Consumer<String> listener, String group) {
        try {
            listener.accept(group);
        } catch (RuntimeException | LinkageError failure) {
            // Weaving must go on; the election start logs its own failures.
        }
    }

    /**
     * Runs {@code action} once, when the first gated method or task class is registered, on the
     * registering thread (which may be loading a class: keep it short), or now if one already is.
     * The lazy election start hangs on this; an exception from {@code action} is not propagated.
     */
    public void whenFirstGated(Runnable action) {
        onFirst.set(action);
        if (!methodsByClass.isEmpty()) {
            firstRegistered();
        }
    }

    private void firstRegistered() {
        if (onFirst.get() == null) {
            return;
        }
        Runnable action = onFirst.getAndSet(null);
        if (action != null) {
            try {
                action.run();
            } catch (RuntimeException | LinkageError failure) {
                // Weaving must go on; the election start logs its own failures.
            }
        }
    }

    /**
     * Logs the {@link #summary} at INFO if more is gated than the last line said: at once for the
     * first gated work, then at most once per {@link #SUMMARY_SPACING_NANOS}. Called by the
     * transformer for every class loaded (one volatile read when nothing changed), so the log
     * follows what is gated without a thread of its own; a change made just before class loading
     * stops is logged with the next class the JVM loads.
     */
    void logSummaryIfGrown() {
        int now = entries.get();
        if (now == summarized) {
            return;
        }
        long nanos = System.nanoTime();
        if (summarized != 0 && nanos - summarizedNanos < SUMMARY_SPACING_NANOS) {
            return;
        }
        if (!summarizing.compareAndSet(false, true)) {
            return;
        }
        try {
            summarized = now;
            summarizedNanos = nanos;
            AgentLog.info(summary(SUMMARY_LISTED));
        } finally {
            summarizing.set(false);
        }
    }

    /** {@code com.acme.Jobs#purge(java.lang.String,int[])}: the form logs, metrics and Gate use. */
    static String describe(ClassFacts.Method method) {
        return method.declaringType().name()
                + '#'
                + method.name()
                + '('
                + String.join(",", method.parameterTypes())
                + ')';
    }

    public int classCount() {
        return methodsByClass.size();
    }

    public int methodCount() {
        int count = 0;
        for (Set<String> methods : methodsByClass.values()) {
            count += methods.size();
        }
        return count;
    }

    /** Every gated method description, sorted. */
    public List<String> methods() {
        List<String> all = new ArrayList<>();
        methodsByClass.values().forEach(all::addAll);
        return all;
    }

    /**
     * {@code gating N methods in M classes: a, b, c} ({@code N methods and T tasks} once executor
     * tasks are gated); the list is cut after {@code limit} entries, pointing to where all are
     * listed.
     */
    public String summary(int limit) {
        List<String> all = methods();
        int taskCount = tasks.size();
        int methodCount = all.size() - taskCount;
        StringBuilder line =
                new StringBuilder("gating ")
                        .append(methodCount)
                        .append(methodCount == 1 ? " method" : " methods");
        if (taskCount > 0) {
            line.append(" and ").append(taskCount).append(taskCount == 1 ? " task" : " tasks");
        }
        line.append(" in ").append(classCount()).append(classCount() == 1 ? " class" : " classes");
        if (all.isEmpty()) {
            return line.append(" (no gated class loaded yet)").toString();
        }
        line.append(": ").append(String.join(", ", all.subList(0, Math.min(limit, all.size()))));
        if (all.size() > limit) {
            line.append(", ... (")
                    .append(all.size() - limit)
                    .append(" more; /leader on the health port lists them all)");
        }
        return line.toString();
    }
}
