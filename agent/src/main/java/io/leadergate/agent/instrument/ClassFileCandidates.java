package io.leadergate.agent.instrument;

import io.leadergate.agent.config.AgentConfig;
import io.leadergate.agent.config.ConfigKeys;
import io.leadergate.agent.config.WorkGroups;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Decides from a class's name and its raw class file, without parsing it, whether any active
 * instrumentation could possibly match it. A necessary condition, never a sufficient one: a class
 * it rejects is never gated by the instrumentations' matchers either, so it can be skipped without
 * parsing; a class it accepts (a <em>candidate</em>) is read into {@link ClassFacts}, and the
 * matchers decide.
 *
 * <p>Each instrumentation selects classes either by a name in the constant pool or by the class's
 * own name:
 *
 * <ul>
 *   <li>{@code @LeaderOnly}: its descriptor {@code Lio/leadergate/LeaderOnly;}, which every class
 *       that carries the annotation (on itself or a method) has as a constant-pool UTF8 entry.
 *   <li>Quartz jobs: {@code org/quartz/JobExecutionContext}, part of the descriptor of the {@code
 *       execute}/{@code executeInternal} method a gated class must declare, even when it implements
 *       {@code org.quartz.Job} only through a base class.
 *   <li>Spring: {@code Lorg/springframework/scheduling/annotation/Schedule}, the common prefix of
 *       {@code @Scheduled} and {@code @Schedules}.
 *   <li>{@code leadergate.gate.methods} and {@code TimerTask}s of {@code
 *       leadergate.gate.executors}: the class name patterns; the JDK's {@code
 *       ScheduledThreadPoolExecutor} by name.
 * </ul>
 *
 * Constant-pool UTF8 entries are stored verbatim (these names are ASCII), so searching the whole
 * class file for them finds every real occurrence; a chance match elsewhere only costs one read of
 * the class file. An instrumentation added without a line here would never see a class: the
 * consistency test runs every instrumentation's matcher against this filter.
 */
public final class ClassFileCandidates {

    private static final String EXECUTOR =
            ExecutorInstrumentation.SCHEDULED_THREAD_POOL_EXECUTOR.replace('.', '/');

    private final byte[][] tokens;
    private final List<ClassNamePattern> namePatterns;
    private final ScheduledTaskClasses timerTasks;

    private ClassFileCandidates(
            List<String> tokens,
            List<ClassNamePattern> namePatterns,
            ScheduledTaskClasses timerTasks) {
        this.tokens = new byte[tokens.size()][];
        for (int i = 0; i < tokens.size(); i++) {
            this.tokens[i] = tokens.get(i).getBytes(StandardCharsets.UTF_8);
        }
        this.namePatterns = namePatterns;
        this.timerTasks = timerTasks;
    }

    /**
     * The candidates of the instrumentations {@link Instrumentations#fromConfig} activates for
     * {@code config}.
     */
    public static ClassFileCandidates fromConfig(AgentConfig config) {
        return of(
                config.get(ConfigKeys.GATE_QUARTZ),
                config.get(ConfigKeys.GATE_SPRING_SCHEDULED),
                config.get(ConfigKeys.GATE_METHODS),
                config.get(ConfigKeys.GATE_EXECUTORS));
    }

    /**
     * @param methods {@code leadergate.gate.methods} entries, or null
     * @param executors {@code leadergate.gate.executors} entries, or null
     */
    static ClassFileCandidates of(
            boolean quartz, boolean springScheduled, List<String> methods, List<String> executors) {
        List<String> tokens = new ArrayList<>();
        // Built at run time, so that this class's own constant pool does not hold the descriptor.
        tokens.add("L" + LeaderOnlyInstrumentation.LEADER_ONLY.replace('.', '/') + ";");
        if (quartz) {
            tokens.add(QuartzJobInstrumentation.JOB_EXECUTION_CONTEXT.replace('.', '/'));
        }
        if (springScheduled) {
            tokens.add(
                    "L"
                            + SpringScheduledInstrumentation.SCHEDULED
                                    .replace('.', '/')
                                    .replace("Scheduled", "Schedule"));
        }
        return new ClassFileCandidates(tokens, classPartsOf(methods), timerTasksOf(executors));
    }

    /**
     * @param loader the defining loader, null for the bootstrap loader
     * @param internalName as a {@code ClassFileTransformer} receives it, e.g. {@code com/acme/Foo}
     * @param classFile the class file's bytes, not modified
     */
    public boolean mayMatch(ClassLoader loader, String internalName, byte[] classFile) {
        if (internalName.equals(EXECUTOR)) {
            return timerTasks != null;
        }
        if (loader == null || IgnoredNames.ignoresInternalName(internalName)) {
            return false;
        }
        if (!namePatterns.isEmpty() || timerTasks != null) {
            String name = internalName.replace('/', '.');
            if ((timerTasks != null && timerTasks.matches(name)) || matchesNamePattern(name)) {
                return true;
            }
        }
        for (byte[] token : tokens) {
            if (contains(classFile, token)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a class of the bootstrap loader can be a candidate at all: only the JDK's {@code
     * ScheduledThreadPoolExecutor}, and only when executors are gated.
     */
    public boolean mayMatchBootstrapClasses() {
        return timerTasks != null;
    }

    private boolean matchesNamePattern(String name) {
        for (ClassNamePattern pattern : namePatterns) {
            if (pattern.matches(name)) {
                return true;
            }
        }
        return false;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            int j = 1;
            while (j < needle.length && haystack[i + j] == needle[j]) {
                j++;
            }
            if (j == needle.length) {
                return true;
            }
        }
        return false;
    }

    /**
     * The class parts of well-formed method patterns; malformed entries are reported by the
     * instrumentation.
     */
    private static List<ClassNamePattern> classPartsOf(List<String> methods) {
        if (methods == null) {
            return Collections.emptyList();
        }
        List<ClassNamePattern> classes = new ArrayList<>();
        for (String entry : methods) {
            String pattern;
            try {
                pattern = WorkGroups.entry(entry).pattern;
            } catch (IllegalArgumentException malformed) {
                continue; // MethodPatternInstrumentation reports it, once
            }
            int hash = pattern.indexOf('#');
            if (hash > 0) {
                try {
                    classes.add(ClassNamePattern.parse(pattern.substring(0, hash)));
                } catch (IllegalArgumentException malformed) {
                    // MethodPatternInstrumentation reports it, once; no method of it can be gated.
                }
            }
        }
        return classes;
    }

    /** Null when executors are not gated; the same selection ExecutorInstrumentation makes. */
    private static ScheduledTaskClasses timerTasksOf(List<String> executors) {
        if (executors == null) {
            return null;
        }
        List<ConfiguredPatterns.Grouped<ClassNamePattern>> patterns = new ArrayList<>();
        for (String entry : executors) {
            try {
                WorkGroups.Entry grouped = WorkGroups.entry(entry);
                patterns.add(
                        new ConfiguredPatterns.Grouped<>(
                                grouped.group, ClassNamePattern.parse(grouped.pattern)));
            } catch (IllegalArgumentException malformed) {
                // ExecutorInstrumentation reports it, once.
            }
        }
        return patterns.isEmpty() ? null : new ScheduledTaskClasses(patterns, null);
    }
}
