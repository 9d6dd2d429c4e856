package io.leadergate.agent.instrument;

import io.leadergate.agent.log.AgentLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Parses the entries of a pattern-list key one by one: a malformed entry is reported once, at
 * ERROR, naming the key, the entry and what is wrong, and the other entries still apply.
 */
final class ConfiguredPatterns {

    private ConfiguredPatterns() {}

    /**
     * @param parser throws {@link IllegalArgumentException} whose message follows "pattern 'x' "
     * @return the well-formed patterns, in order
     */
    static <P> List<P> parse(String keyName, List<String> entries, Function<String, P> parser) {
        List<P> patterns = new ArrayList<>();
        for (String entry : entries) {
            try {
                patterns.add(parser.apply(entry.trim()));
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
}
