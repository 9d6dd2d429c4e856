package io.leadergate.agent.instrument;

import io.leadergate.agent.config.WorkGroups;
import io.leadergate.agent.log.AgentLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Parses the entries of a pattern-list key one by one: a malformed entry (its pattern or its group,
 * see {@link WorkGroups}) is reported once, at ERROR, naming the key, the entry and what is wrong,
 * and the other entries still apply. Each pattern keeps its group; where patterns of two groups
 * select the same work, the first wins and one warning names both.
 */
final class ConfiguredPatterns {

    private ConfiguredPatterns() {}

    /** A well-formed pattern and the group whose Lease gates what it selects. */
    static final class Grouped<P> {
        final String group;
        final P pattern;

        Grouped(String group, P pattern) {
            this.group = group;
            this.pattern = pattern;
        }

        @Override
        public String toString() {
            return group.isEmpty() ? String.valueOf(pattern) : group + "=" + pattern;
        }
    }

    /**
     * @param parser throws {@link IllegalArgumentException} whose message follows "pattern 'x' "
     * @return the well-formed patterns, in order, with their groups
     */
    static <P> List<Grouped<P>> parse(
            String keyName, List<String> entries, Function<String, P> parser) {
        List<Grouped<P>> patterns = new ArrayList<>();
        Map<String, String> groupOfText = new HashMap<>();
        for (String entry : entries) {
            try {
                WorkGroups.Entry grouped = WorkGroups.entry(entry);
                P pattern = parser.apply(grouped.pattern);
                String earlier = groupOfText.putIfAbsent(grouped.pattern, grouped.group);
                if (earlier != null && !earlier.equals(grouped.group)) {
                    claimedTwice(keyName, grouped.pattern, earlier, grouped.group);
                    continue;
                }
                patterns.add(new Grouped<>(grouped.group, pattern));
            } catch (IllegalArgumentException malformed) {
                String message =
                        keyName
                                + ": pattern '"
                                + entry.trim()
                                + "' "
                                + malformed.getMessage()
                                + "; it is ignored, the other patterns and settings still apply";
                AgentLog.once("pattern: " + message, AgentLog.Level.ERROR, message);
            }
        }
        return Collections.unmodifiableList(patterns);
    }

    /** The patterns alone, for matching. */
    static <P> List<P> patterns(List<Grouped<P>> grouped) {
        List<P> patterns = new ArrayList<>();
        grouped.forEach(g -> patterns.add(g.pattern));
        return patterns;
    }

    /**
     * The group of the first pattern that selects {@code work}; {@link WorkGroups#DEFAULT} when
     * none does. A later pattern of another group that selects it too is reported once: the first
     * wins.
     */
    static <P> String groupOf(
            String keyName, List<Grouped<P>> patterns, Predicate<P> selects, String work) {
        Grouped<P> first = null;
        for (Grouped<P> candidate : patterns) {
            if (!selects.test(candidate.pattern)) {
                continue;
            }
            if (first == null) {
                first = candidate;
            } else if (!first.group.equals(candidate.group)) {
                String message =
                        keyName
                                + ": "
                                + work
                                + " is selected by '"
                                + first
                                + "' and by '"
                                + candidate
                                + "'; it is gated in group "
                                + WorkGroups.shown(first.group)
                                + " (the first pattern wins)";
                AgentLog.once("claimed-twice:" + work, AgentLog.Level.WARN, message);
                break;
            }
        }
        return first == null ? WorkGroups.DEFAULT : first.group;
    }

    private static void claimedTwice(String keyName, String pattern, String first, String second) {
        String message =
                keyName
                        + ": pattern '"
                        + pattern
                        + "' is claimed by group "
                        + WorkGroups.shown(first)
                        + " and by group "
                        + WorkGroups.shown(second)
                        + "; it stays in "
                        + WorkGroups.shown(first)
                        + " (the first wins)";
        AgentLog.once("pattern-twice: " + keyName + pattern, AgentLog.Level.WARN, message);
    }
}
