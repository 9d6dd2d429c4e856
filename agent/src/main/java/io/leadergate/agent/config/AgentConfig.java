package io.leadergate.agent.config;

import io.leadergate.agent.election.ElectionSettings;
import io.leadergate.agent.log.AgentLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agent's configuration: every key of {@link ConfigKeys} read from agent arguments, system
 * properties and environment variables (in that precedence), parsed and validated.
 *
 * <p>Nothing here throws and nothing here stops the application: an invalid value is a {@link
 * ConfigProblem}; it falls back to the key's default, or, for keys the election depends on, keeps
 * this replica from electing so gated work stays off (fail closed). Everything else still applies.
 *
 * <p>{@link #load} runs in {@code premain} on the application's main thread, so it only parses
 * strings: no files, no DNS, no YAML. {@link #resolveElection()} does the rest on the agent's
 * thread.
 */
public final class AgentConfig {

    private final Map<ConfigKey<?>, Object> values;
    private final Map<ConfigKey<?>, SuppliedValue> supplied;
    private final List<ConfigProblem> problems;

    /** Short reasons the election cannot run, from invalid election keys; empty when it can. */
    private final List<String> electionBlockers;

    private final Map<String, String> environment;
    private final HostEnvironment host;
    private WorkGroups.LeaseNames leaseNames = WorkGroups.LeaseNames.none();
    private ElectionResolution resolution; // guarded by this

    private AgentConfig(
            Map<ConfigKey<?>, Object> values,
            Map<ConfigKey<?>, SuppliedValue> supplied,
            List<ConfigProblem> problems,
            List<String> electionBlockers,
            Map<String, String> environment,
            HostEnvironment host) {
        this.values = values;
        this.supplied = supplied;
        this.problems = problems;
        this.electionBlockers = electionBlockers;
        this.environment = environment;
        this.host = host;
    }

    /** Reads the configuration; never throws. Null arguments count as empty. */
    public static AgentConfig load(
            String agentArgs,
            Map<String, String> systemProperties,
            Map<String, String> environment,
            HostEnvironment host) {
        Map<String, String> env =
                environment == null ? Collections.<String, String>emptyMap() : environment;
        HostEnvironment machine = host == null ? HostEnvironment.system() : host;
        try {
            return read(agentArgs, systemProperties, env, machine);
        } catch (Throwable unexpected) {
            // A bug here must not take the application down: defaults, no election, and say why.
            List<ConfigProblem> problems = new ArrayList<>();
            problems.add(
                    ConfigProblem.error(
                            "could not read the configuration ("
                                    + unexpected
                                    + "); using defaults and not electing, so leader-only work stays off"));
            return new AgentConfig(
                    new HashMap<>(),
                    new HashMap<>(),
                    problems,
                    Collections.singletonList("the configuration could not be read"),
                    env,
                    machine);
        }
    }

    /** {@link #load} with this JVM's system properties and environment and the real machine. */
    public static AgentConfig fromSystem(String agentArgs) {
        Map<String, String> properties = new HashMap<>();
        try {
            for (String name : System.getProperties().stringPropertyNames()) {
                properties.put(name, System.getProperty(name));
            }
        } catch (RuntimeException e) {
            // A SecurityManager or a concurrently mutated Properties: go on with what we have.
        }
        Map<String, String> environment;
        try {
            environment = System.getenv();
        } catch (RuntimeException e) {
            environment = Collections.emptyMap();
        }
        return load(agentArgs, properties, environment, HostEnvironment.system());
    }

    private static AgentConfig read(
            String agentArgs,
            Map<String, String> systemProperties,
            Map<String, String> environment,
            HostEnvironment host) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, SuppliedValue> suppliedLeaseNames = new LinkedHashMap<>();
        Map<ConfigKey<?>, SuppliedValue> supplied =
                SuppliedValues.collect(
                        agentArgs, systemProperties, environment, suppliedLeaseNames, problems);
        Map<ConfigKey<?>, Object> values = new HashMap<>();
        Map<ConfigKey<?>, SuppliedValue> valid = new HashMap<>();
        List<String> blockers = new ArrayList<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            SuppliedValue value = supplied.get(key);
            if (value == null) {
                continue;
            }
            try {
                values.put(key, key.type().parse(value.text));
                valid.put(key, value);
            } catch (IllegalArgumentException invalid) {
                problems.add(
                        ConfigProblem.error(
                                value.describe() + ": " + invalid.getMessage() + consequence(key)));
                if (key.onInvalid() == ConfigKey.OnInvalid.STOP_ELECTION) {
                    blockers.add("invalid " + key.name());
                }
            }
        }
        AgentConfig config = new AgentConfig(values, valid, problems, blockers, environment, host);
        config.checkTimings(supplied);
        config.leaseNames =
                WorkGroups.LeaseNames.check(
                        suppliedLeaseNames,
                        config.declaredGroups(),
                        config.get(ConfigKeys.LEASE_NAME),
                        problems);
        return config;
    }

    /**
     * The groups the pattern-list keys name (malformed entries left out: their own errors are
     * logged where they are parsed).
     */
    Set<String> declaredGroups() {
        Set<String> groups = new LinkedHashSet<>();
        for (ConfigKey<List<String>> key : ConfigKeys.SELECTIONS) {
            for (String entry : get(key) == null ? List.<String>of() : get(key)) {
                try {
                    groups.add(WorkGroups.entry(entry).group);
                } catch (IllegalArgumentException malformed) {
                    // reported by the instrumentation that reads the key
                }
            }
        }
        return groups;
    }

    /** Each group's Lease, with the {@code leadergate.lease.<group>.name} overrides. */
    public WorkGroups.LeaseNames leaseNames() {
        return leaseNames;
    }

    private static String consequence(ConfigKey<?> key) {
        if (key.onInvalid() == ConfigKey.OnInvalid.STOP_ELECTION) {
            return ". Not electing: leader-only work stays off on this replica";
        }
        return "; using the default " + key.defaultText();
    }

    /**
     * Cross-key rules; a key that was supplied but invalid is left out, its own error said enough.
     */
    private void checkTimings(Map<ConfigKey<?>, SuppliedValue> supplied) {
        List<String> violations =
                ElectionTimingRules.violations(
                        timing(ConfigKeys.LEASE_DURATION, supplied),
                        timing(ConfigKeys.RENEW_DEADLINE, supplied),
                        timing(ConfigKeys.RETRY_PERIOD, supplied));
        for (String violation : violations) {
            problems.add(
                    ConfigProblem.error(
                            violation
                                    + ". Not electing: leader-only work stays off on this replica"));
        }
        if (!violations.isEmpty()) {
            electionBlockers.add("inconsistent election timings");
        }
    }

    private ElectionTimingRules.Timing timing(
            ConfigKey<Duration> key, Map<ConfigKey<?>, SuppliedValue> supplied) {
        if (supplied.containsKey(key) && !values.containsKey(key)) {
            return null;
        }
        return new ElectionTimingRules.Timing(this, key);
    }

    /**
     * The value, validated; the default if unset or invalid; null for an unset key with a derived
     * default.
     */
    public <T> T get(ConfigKey<T> key) {
        Object value = values.get(key);
        return value != null ? key.cast(value) : key.defaultValue();
    }

    /**
     * Where {@link #get} took its value from ({@link ConfigSource#DEFAULT} if unset or invalid).
     */
    public ConfigSource sourceOf(ConfigKey<?> key) {
        SuppliedValue value = supplied.get(key);
        return value == null ? ConfigSource.DEFAULT : value.source;
    }

    public boolean enabled() {
        return get(ConfigKeys.ENABLED);
    }

    public AgentLog.Level logLevel() {
        return get(ConfigKeys.LOG_LEVEL);
    }

    /**
     * The kubeconfig {@link #resolveElection()} read ({@code leadergate.kubeconfig}, the files of
     * {@code KUBECONFIG} merged, or {@code ~/.kube/config}); empty means in-cluster (the pod's
     * service account), or not electing. Resolves if needed, so not for premain.
     */
    public Optional<Kubeconfig> kubeconfig() {
        return resolveElection().kubeconfig();
    }

    /**
     * Every problem found, in order: argument syntax, unknown names, invalid values, inconsistent
     * timings.
     */
    public List<ConfigProblem> problems() {
        return Collections.unmodifiableList(problems);
    }

    /**
     * Logs each problem once (a second call, or a second config with the same problem, logs
     * nothing).
     */
    public void logProblems() {
        for (ConfigProblem problem : problems) {
            AgentLog.once("config: " + problem.message(), problem.severity(), problem.message());
        }
    }

    /**
     * Works out lease name, namespace and identity (reading the pod's environment, the
     * service-account namespace file, the kubeconfig and the host name) and logs once what was
     * derived, or why this replica will not elect. Computed once; later calls return the same
     * result. Never throws.
     */
    public synchronized ElectionResolution resolveElection() {
        if (resolution == null) {
            resolution = new ElectionResolver(this, environment, host).resolve();
        }
        return resolution;
    }

    /**
     * One startup line: the lease, the identity, the timings and where each value came from; when
     * not electing, only why. Resolves if needed.
     */
    public String describe() {
        ElectionResolution election = resolveElection();
        if (!enabled()) {
            return "disabled (" + describe(ConfigKeys.ENABLED) + ")";
        }
        if (!election.settings().isPresent()) {
            // Nothing else: the timings shown would be defaults standing in for refused values.
            return notElecting(election.reason().orElse("no lease to elect on"));
        }
        ElectionSettings settings = election.settings().get();
        StringBuilder line =
                new StringBuilder("lease ")
                        .append(settings.leaseKey())
                        .append(" as ")
                        .append(settings.identity());
        line.append("; lease duration ")
                .append(DurationSyntax.format(get(ConfigKeys.LEASE_DURATION)))
                .append(", renew deadline ")
                .append(DurationSyntax.format(get(ConfigKeys.RENEW_DEADLINE)))
                .append(", retry period ")
                .append(DurationSyntax.format(get(ConfigKeys.RETRY_PERIOD)));
        if (!election.origins().isEmpty()) {
            line.append("; ").append(String.join(", ", election.origins()));
        }
        return line.toString();
    }

    /** The one way the agent says it does not elect: {@code not electing, because <reason>}. */
    static String notElecting(String reason) {
        return "not electing, because " + reason;
    }

    /**
     * {@code leadergate.renew.deadline=10s (default)} or {@code ...=20s (system property
     * leadergate.renew.deadline)}.
     */
    String describe(ConfigKey<?> key) {
        SuppliedValue value = supplied.get(key);
        Object current = get(key);
        String shown = current == null ? "unset" : key.format(current);
        return key.name() + "=" + shown + " (" + (value == null ? "default" : value.origin()) + ")";
    }

    /** How {@code key} was set, for "set by ..." origins; null if it was not. */
    String originOf(ConfigKey<?> key) {
        SuppliedValue value = supplied.get(key);
        return value == null ? null : value.origin();
    }

    List<String> electionBlockers() {
        return electionBlockers;
    }

    /** For tests: the values as {@link #get} returns them, by key name. */
    Map<String, Object> snapshot() {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            snapshot.put(key.name(), get(key));
        }
        return snapshot;
    }
}
