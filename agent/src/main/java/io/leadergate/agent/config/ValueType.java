package io.leadergate.agent.config;

/**
 * How one key's text becomes a typed value and back. Parsing includes validation of the value on
 * its own; rules that relate several keys live in {@link ElectionTimingRules}.
 */
public interface ValueType<T> {

    /**
     * @param text the value as supplied, untrimmed
     * @return the parsed value, never null
     * @throws IllegalArgumentException whose message says what is wrong and what is expected,
     *     written to follow {@code <source> <key>="<value>": }
     */
    T parse(String text);

    /** The value as a user would write it, for logs and the docs table. */
    default String format(T value) {
        return String.valueOf(value);
    }
}
