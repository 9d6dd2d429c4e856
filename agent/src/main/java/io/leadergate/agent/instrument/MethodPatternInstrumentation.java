package io.leadergate.agent.instrument;

import io.leadergate.agent.log.AgentLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gates the methods named by {@code leadergate.gate.methods}, with no annotation, exactly as
 * {@code @LeaderOnly} in SKIP mode gates: on a follower the body is skipped and the method returns
 * its type's default ({@code null}, {@code 0}, {@code false}) or {@code Optional.empty()}.
 *
 * <p>Methods already gated by {@code @LeaderOnly} (annotated, or declared by an annotated type) are
 * left to that instrumentation, so no method is gated twice. Patterns that matched nothing are
 * reported by {@link #reportUnmatched()}, which runs once {@value #REPORT_DELAY_SECONDS} s after
 * start.
 */
public final class MethodPatternInstrumentation implements GatingInstrumentation {

    static final String KEY = "leadergate.gate.methods";
    static final long REPORT_DELAY_SECONDS = 30;

    private final List<ConfiguredPatterns.Grouped<MethodPattern>> grouped;
    private final List<MethodPattern> patterns;
    private final Set<MethodPattern> matched = ConcurrentHashMap.newKeySet();

    MethodPatternInstrumentation(List<ConfiguredPatterns.Grouped<MethodPattern>> grouped) {
        this.grouped = grouped;
        this.patterns = ConfiguredPatterns.patterns(grouped);
    }

    /**
     * Parses {@code entries} (null when the key is unset; malformed ones are logged and dropped)
     * and schedules the report of unmatched patterns; empty when no entry is well-formed.
     */
    public static List<GatingInstrumentation> fromConfig(List<String> entries) {
        if (entries == null) {
            return Collections.emptyList();
        }
        List<ConfiguredPatterns.Grouped<MethodPattern>> patterns =
                ConfiguredPatterns.parse(KEY, entries, MethodPattern::parse);
        List<GatingInstrumentation> active = new ArrayList<>();
        if (!patterns.isEmpty()) {
            MethodPatternInstrumentation instrumentation =
                    new MethodPatternInstrumentation(patterns);
            DelayedTask.start(
                    "leadergate-pattern-report",
                    REPORT_DELAY_SECONDS,
                    instrumentation::reportUnmatched);
            active.add(instrumentation);
        }
        return active;
    }

    /** The group of the first pattern that matches {@code method}. */
    @Override
    public String groupOf(ClassFacts.Method method) {
        return ConfiguredPatterns.groupOf(
                KEY, grouped, pattern -> pattern.matches(method), GatedMethods.describe(method));
    }

    @Override
    public String name() {
        return KEY;
    }

    @Override
    public boolean matchesType(ClassFacts type) {
        for (MethodPattern pattern : patterns) {
            if (pattern.matchesType(type)) {
                return true;
            }
        }
        return false;
    }

    /** Gateable, not left to {@link LeaderOnlyInstrumentation}, and named by a pattern. */
    @Override
    public boolean matchesMethod(ClassFacts.Method method) {
        if (!LeaderOnlyInstrumentation.hasGateableBody(method)
                || LeaderOnlyInstrumentation.claimedByLeaderOnly(method)) {
            return false;
        }
        for (MethodPattern pattern : patterns) {
            if (pattern.matches(method)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public GateWeaver.Advice adviceFor(ClassFacts.Method method) {
        for (MethodPattern pattern : patterns) {
            if (pattern.matches(method)) {
                matched.add(pattern);
            }
        }
        return LeaderOnlyInstrumentation.returnsOptional(method)
                ? GateWeaver.Advice.SKIP_TO_EMPTY_OPTIONAL
                : GateWeaver.Advice.SKIP;
    }

    /**
     * Logs each pattern that has matched no method so far, once: at WARN for an exact name (most
     * likely a typo), at DEBUG for a wildcard pattern (which may legitimately match nothing).
     *
     * @return the unmatched patterns, in configuration order
     */
    List<String> reportUnmatched() {
        List<String> unmatched = new ArrayList<>();
        for (MethodPattern pattern : patterns) {
            if (matched.contains(pattern)) {
                continue;
            }
            unmatched.add(pattern.toString());
            String message =
                    KEY
                            + ": pattern '"
                            + pattern
                            + "' has matched no method of the classes loaded so far";
            if (pattern.hasWildcard()) {
                AgentLog.debug(message);
            } else {
                AgentLog.once(
                        "unmatched-pattern:" + pattern,
                        AgentLog.Level.WARN,
                        message
                                + "; check the class "
                                + "and method names (a nested class is written Outer$Inner), so the method is really gated");
            }
        }
        return unmatched;
    }
}
