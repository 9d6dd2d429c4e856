package io.leadergate.agent.config;

import java.util.Objects;

/**
 * One configuration key: its name in every notation, its default, how its text is parsed and
 * validated, what happens when that fails, and the one line of documentation the docs table shows.
 *
 * <p>Invariants: {@link #name()} starts with {@code leadergate.}; {@link #defaultValue()} is null
 * exactly when the default is derived at runtime (then {@link #defaultText()} describes how).
 */
public final class ConfigKey<T> {

    public static final String PREFIX = "leadergate.";

    /**
     * What an invalid value costs: the key's default, or (for election inputs) the election itself.
     */
    public enum OnInvalid {
        /** Log an error and use the default. */
        USE_DEFAULT,
        /** Log an error and do not contend for the lease: gated work stays off (fail closed). */
        STOP_ELECTION
    }

    private final String name;
    private final String envName;
    private final ValueType<T> type;
    private final T defaultValue;
    private final String defaultText;
    private final OnInvalid onInvalid;
    private final String doc;

    private ConfigKey(
            String shortName,
            ValueType<T> type,
            T defaultValue,
            String defaultText,
            OnInvalid onInvalid,
            String doc) {
        // String.concat, not '+': each '+' call site costs a millisecond of invokedynamic bootstrap
        // in premain.
        this.name = PREFIX.concat(Objects.requireNonNull(shortName, "shortName"));
        this.envName = ConfigSource.envNameOf(name);
        this.type = Objects.requireNonNull(type, "type");
        this.defaultValue = defaultValue;
        this.defaultText = Objects.requireNonNull(defaultText, "defaultText");
        this.onInvalid = Objects.requireNonNull(onInvalid, "onInvalid");
        this.doc = Objects.requireNonNull(doc, "doc");
    }

    /** A key with a fixed default. */
    public static <T> ConfigKey<T> withDefault(
            String shortName, ValueType<T> type, T defaultValue, OnInvalid onInvalid, String doc) {
        return new ConfigKey<>(
                shortName,
                type,
                Objects.requireNonNull(defaultValue, "defaultValue"),
                type.format(defaultValue),
                onInvalid,
                doc);
    }

    /**
     * A key whose default is worked out at runtime; {@code howDerived} goes into the docs table.
     */
    public static <T> ConfigKey<T> derived(
            String shortName,
            ValueType<T> type,
            String howDerived,
            OnInvalid onInvalid,
            String doc) {
        return new ConfigKey<>(shortName, type, null, howDerived, onInvalid, doc);
    }

    /** {@code leadergate.lease.name}: system properties and the docs. */
    public String name() {
        return name;
    }

    /** {@code lease.name}: the short agent-argument form. */
    public String shortName() {
        return name.substring(PREFIX.length());
    }

    /** {@code LEADERGATE_LEASE_NAME}. */
    public String envName() {
        return envName;
    }

    public ValueType<T> type() {
        return type;
    }

    /** The fixed default, or null when the default is derived at runtime. */
    public T defaultValue() {
        return defaultValue;
    }

    public boolean hasDerivedDefault() {
        return defaultValue == null;
    }

    /** The default as written in the docs: {@code 15s}, or how a derived default is worked out. */
    public String defaultText() {
        return defaultText;
    }

    public OnInvalid onInvalid() {
        return onInvalid;
    }

    public String doc() {
        return doc;
    }

    /** Formats a value of this key as a user would write it. */
    public String format(Object value) {
        return type.format(cast(value));
    }

    @SuppressWarnings("unchecked")
    T cast(Object value) {
        return (T) value;
    }

    @Override
    public String toString() {
        return name;
    }
}
