package io.leadergate.agent.config;

import io.leadergate.agent.log.AgentLog;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The value types of {@link ConfigKeys}. Nested classes rather than lambdas keep premain free of
 * invokedynamic bootstrap cost.
 */
public final class ValueTypes {

    private ValueTypes() {}

    public static final ValueType<Boolean> BOOLEAN =
            new ValueType<Boolean>() {
                @Override
                public Boolean parse(String text) {
                    String t = text.trim().toLowerCase(Locale.ROOT);
                    if (t.equals("true")) {
                        return Boolean.TRUE;
                    }
                    if (t.equals("false")) {
                        return Boolean.FALSE;
                    }
                    throw new IllegalArgumentException("expected true or false");
                }
            };

    public static final ValueType<AgentLog.Level> LOG_LEVEL =
            new ValueType<AgentLog.Level>() {
                @Override
                public AgentLog.Level parse(String text) {
                    String t = text.trim().toUpperCase(Locale.ROOT);
                    for (AgentLog.Level level : AgentLog.Level.values()) {
                        if (level.name().equals(t)) {
                            return level;
                        }
                    }
                    throw new IllegalArgumentException("expected one of error, warn, info, debug");
                }

                @Override
                public String format(AgentLog.Level value) {
                    return value.name().toLowerCase(Locale.ROOT);
                }
            };

    /** A duration greater than zero. */
    public static final ValueType<Duration> POSITIVE_DURATION = new DurationType(false);

    /**
     * A duration of at least one whole second, because {@code Lease.spec.leaseDurationSeconds} is
     * an integer.
     */
    public static final ValueType<Duration> WHOLE_SECONDS = new DurationType(true);

    /** How long a graceful hand-over waits for gated calls: zero (do not wait) up to one hour. */
    public static final ValueType<Duration> DRAIN_DURATION =
            new ValueType<Duration>() {
                private final Duration max = Duration.ofHours(1);

                @Override
                public Duration parse(String text) {
                    Duration d = DurationSyntax.parse(text);
                    if (d.isNegative() || d.compareTo(max) > 0) {
                        throw new IllegalArgumentException(
                                "must be between 0s (do not wait) and 1h; expected "
                                        + DurationSyntax.EXPECTED);
                    }
                    return d;
                }

                @Override
                public String format(Duration value) {
                    return DurationSyntax.format(value);
                }
            };

    public static final ValueType<String> LEASE_NAME = new NameType(true);

    public static final ValueType<String> NAMESPACE = new NameType(false);

    /** Any non-blank text; it is compared verbatim with the Lease's holderIdentity. */
    public static final ValueType<String> IDENTITY =
            new ValueType<String>() {
                @Override
                public String parse(String text) {
                    String t = text.trim();
                    if (t.isEmpty()) {
                        throw new IllegalArgumentException(
                                "must not be empty; expected a name unique to this JVM, "
                                        + "or leave it unset to derive one");
                    }
                    return t;
                }
            };

    public static final ValueType<Path> FILE_PATH =
            new ValueType<Path>() {
                @Override
                public Path parse(String text) {
                    String t = text.trim();
                    if (t.isEmpty()) {
                        throw new IllegalArgumentException(
                                "must not be empty; expected a kubeconfig file path, or leave it "
                                        + "unset for KUBECONFIG, ~/.kube/config or the in-cluster service account");
                    }
                    try {
                        return Paths.get(t);
                    } catch (InvalidPathException e) {
                        throw new IllegalArgumentException(
                                "is not a file path (" + e.getReason() + ")");
                    }
                }
            };

    /**
     * Comma-separated entries, trimmed, empty ones dropped; never invalid as a whole. Each entry is
     * checked by the instrumentation that reads the key, so one malformed entry costs only itself.
     * With groups ({@link WorkGroups}): {@code ;}-separated segments, a segment's {@code group=}
     * prefix carried onto each of its entries, so every entry reads {@code group=pattern} or, in
     * the default group, just {@code pattern}.
     */
    public static final ValueType<List<String>> ENTRY_LIST =
            new ValueType<List<String>>() {
                @Override
                public List<String> parse(String text) {
                    List<String> entries = new ArrayList<>();
                    for (String segment : text.split(";")) {
                        String prefix = "";
                        for (String entry : segment.split(",")) {
                            String trimmed = entry.trim();
                            if (trimmed.isEmpty()) {
                                continue;
                            }
                            int equals = trimmed.indexOf('=');
                            if (equals >= 0) {
                                prefix = trimmed.substring(0, equals).trim() + "=";
                                entries.add(trimmed);
                            } else {
                                entries.add(prefix + trimmed);
                            }
                        }
                    }
                    return Collections.unmodifiableList(entries);
                }

                @Override
                public String format(List<String> value) {
                    // Today's form while no entry names a group; each entry whole once one does.
                    boolean grouped = value.stream().anyMatch(entry -> entry.indexOf('=') >= 0);
                    return String.join(grouped ? ";" : ",", value);
                }
            };

    private static final class DurationType implements ValueType<Duration> {
        private final boolean wholeSeconds;

        DurationType(boolean wholeSeconds) {
            this.wholeSeconds = wholeSeconds;
        }

        @Override
        public Duration parse(String text) {
            Duration d = DurationSyntax.parse(text);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(
                        "must be greater than 0; expected " + DurationSyntax.EXPECTED);
            }
            if (wholeSeconds && (d.getNano() != 0 || d.getSeconds() > Integer.MAX_VALUE)) {
                throw new IllegalArgumentException(
                        "must be a whole number of seconds, such as 15s "
                                + "(Lease.spec.leaseDurationSeconds is an integer)");
            }
            return d;
        }

        @Override
        public String format(Duration value) {
            return DurationSyntax.format(value);
        }
    }

    private static final class NameType implements ValueType<String> {
        private final boolean subdomain;

        NameType(boolean subdomain) {
            this.subdomain = subdomain;
        }

        @Override
        public String parse(String text) {
            String t = text.trim();
            Optional<String> problem =
                    subdomain
                            ? KubernetesNames.subdomainProblem(t)
                            : KubernetesNames.labelProblem(t);
            if (problem.isPresent()) {
                throw new IllegalArgumentException(problem.get());
            }
            return t;
        }
    }
}
