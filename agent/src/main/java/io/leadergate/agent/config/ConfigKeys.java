package io.leadergate.agent.config;

import static io.leadergate.agent.config.ConfigKey.OnInvalid.STOP_ELECTION;
import static io.leadergate.agent.config.ConfigKey.OnInvalid.USE_DEFAULT;

import io.leadergate.agent.election.ElectionSettings;
import io.leadergate.agent.log.AgentLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry: every key the agent reads. Parsing, environment-variable names, validation,
 * unknown-key warnings and the table in {@code docs/configuration.md} all come from this list, so
 * adding a key is one declaration here (and a regenerated docs table).
 */
public final class ConfigKeys {

    private ConfigKeys() {}

    public static final ConfigKey<Boolean> ENABLED =
            ConfigKey.withDefault(
                    "enabled",
                    ValueTypes.BOOLEAN,
                    Boolean.TRUE,
                    USE_DEFAULT,
                    "`false` turns the agent off: no election and no gating, the application runs as if the agent were absent.");

    public static final ConfigKey<String> LEASE_NAME =
            ConfigKey.derived(
                    "lease.name",
                    ValueTypes.LEASE_NAME,
                    "`<name>-leader` from a Deployment or StatefulSet pod name",
                    STOP_ELECTION,
                    "Name of the Lease the replicas contend for (an RFC 1123 subdomain); replicas sharing it share one leader.");

    public static final ConfigKey<String> LEASE_NAMESPACE =
            ConfigKey.derived(
                    "lease.namespace",
                    ValueTypes.NAMESPACE,
                    "`POD_NAMESPACE`, the service account's namespace, the kubeconfig context's, else `default`",
                    STOP_ELECTION,
                    "Namespace of the Lease (an RFC 1123 label).");

    public static final ConfigKey<String> IDENTITY =
            ConfigKey.derived(
                    "identity",
                    ValueTypes.IDENTITY,
                    "`POD_NAME` (else the host name) + `_` + 5 random characters",
                    STOP_ELECTION,
                    "This JVM's `holderIdentity` in the Lease; must be unique among the contenders.");

    public static final ConfigKey<Duration> LEASE_DURATION =
            ConfigKey.withDefault(
                    "lease.duration",
                    ValueTypes.WHOLE_SECONDS,
                    ElectionSettings.DEFAULT_LEASE_DURATION,
                    STOP_ELECTION,
                    "How long other replicas wait after the last renewal they saw before taking over; whole seconds.");

    public static final ConfigKey<Duration> RENEW_DEADLINE =
            ConfigKey.withDefault(
                    "renew.deadline",
                    ValueTypes.POSITIVE_DURATION,
                    ElectionSettings.DEFAULT_RENEW_DEADLINE,
                    STOP_ELECTION,
                    "How long the leader keeps trying to renew; its gated work stops at most this long after its last successful renewal.");

    public static final ConfigKey<Duration> RETRY_PERIOD =
            ConfigKey.withDefault(
                    "retry.period",
                    ValueTypes.POSITIVE_DURATION,
                    ElectionSettings.DEFAULT_RETRY_PERIOD,
                    STOP_ELECTION,
                    "Time between the leader's renewals; a contender waits 1 to 2.2 times this between attempts, as client-go does.");

    public static final ConfigKey<Boolean> WATCH =
            ConfigKey.withDefault(
                    "watch",
                    ValueTypes.BOOLEAN,
                    Boolean.TRUE,
                    USE_DEFAULT,
                    "`true`: followers watch the Lease (one long request; a release is seen at once, no polling). `false`, or an API server that refuses watches (RBAC without `watch`): followers GET it every retry period, as client-go does.");

    public static final ConfigKey<Path> KUBECONFIG =
            ConfigKey.derived(
                    "kubeconfig",
                    ValueTypes.FILE_PATH,
                    "kubectl's chain: the files of `KUBECONFIG` merged, `~/.kube/config`, in-cluster",
                    STOP_ELECTION,
                    "Kubeconfig file for reaching the API server; unset inside a pod, where the service account is used.");

    public static final ConfigKey<AgentLog.Level> LOG_LEVEL =
            ConfigKey.withDefault(
                    "log.level",
                    ValueTypes.LOG_LEVEL,
                    AgentLog.Level.INFO,
                    USE_DEFAULT,
                    "Agent log threshold: `error`, `warn`, `info` or `debug`.");

    public static final ConfigKey<Boolean> GATE_QUARTZ =
            ConfigKey.withDefault(
                    "gate.quartz",
                    ValueTypes.BOOLEAN,
                    Boolean.FALSE,
                    USE_DEFAULT,
                    "`true` gates Quartz 2.x jobs: `execute(JobExecutionContext)` of every `org.quartz.Job` class returns at once on followers (see docs/gating.md).");

    public static final ConfigKey<List<String>> GATE_QUARTZ_JOBS =
            ConfigKey.derived(
                    "gate.quartz.jobs",
                    ValueTypes.ENTRY_LIST,
                    "every job class",
                    USE_DEFAULT,
                    "With `gate.quartz`, gate only job classes matching these comma-separated patterns: `com.acme.jobs.*` (one package), `com.acme.**` (and below), exact names; a malformed entry is reported and ignored.");

    public static final ConfigKey<Boolean> GATE_SPRING_SCHEDULED =
            ConfigKey.withDefault(
                    "gate.spring.scheduled",
                    ValueTypes.BOOLEAN,
                    Boolean.FALSE,
                    USE_DEFAULT,
                    "`true` gates Spring `@Scheduled` (and `@Schedules`) methods like `@LeaderOnly`: on followers they return at once and keep being scheduled.");

    public static final ConfigKey<List<String>> GATE_SPRING_SCHEDULED_GROUPS =
            ConfigKey.derived(
                    "gate.spring.scheduled.groups",
                    ValueTypes.ENTRY_LIST,
                    "every class in the default group",
                    USE_DEFAULT,
                    "With `gate.spring.scheduled`, the group of each `@Scheduled` method by the class that declares it: `billing=com.acme.billing.**;reports=com.acme.Reports` (class patterns as in `gate.executors`); the first matching entry wins, other classes stay in the default group. It groups, it does not narrow: every `@Scheduled` method is still gated.");

    public static final ConfigKey<Integer> HEALTH_PORT =
            ConfigKey.withDefault(
                    "health.port",
                    HealthValueTypes.PORT_OR_OFF,
                    8086,
                    USE_DEFAULT,
                    "Port of the agent's HTTP server (`/healthz`, `/readyz`, `/leader`, `/metrics`); `0` or `off` disables it. "
                            + "See docs/observability.md.");

    public static final ConfigKey<String> HEALTH_ADDRESS =
            ConfigKey.derived(
                    "health.address",
                    HealthValueTypes.BIND_ADDRESS,
                    "all interfaces",
                    USE_DEFAULT,
                    "Address the health port binds to, e.g. `127.0.0.1` to keep it inside the pod (then not with `httpGet` probes, which the kubelet sends to the pod IP).");

    public static final ConfigKey<ReadinessMode> HEALTH_READINESS =
            ConfigKey.withDefault(
                    "health.readiness",
                    HealthValueTypes.READINESS,
                    ReadinessMode.ALWAYS,
                    USE_DEFAULT,
                    "`always`: `/readyz` is 200 on every replica whose agent works (a follower is a healthy pod, so rollouts and drains proceed); "
                            + "`leader`: 200 on the leader only, which stalls Deployment rollouts and blocks PDB drains (see docs/observability.md).");

    public static final ConfigKey<List<String>> GATE_METHODS =
            ConfigKey.derived(
                    "gate.methods",
                    ValueTypes.ENTRY_LIST,
                    "none",
                    USE_DEFAULT,
                    "Methods gated like `@LeaderOnly`, without an annotation: comma-separated `Class#method` patterns such as `com.acme.Reports#nightly`, `com.acme.jobs.*#run*`, `com.acme.Cache#warm(java.lang.String)` (see docs/gating.md).");

    public static final ConfigKey<List<String>> GATE_EXECUTORS =
            ConfigKey.derived(
                    "gate.executors",
                    ValueTypes.ENTRY_LIST,
                    "none",
                    USE_DEFAULT,
                    "Task classes gated when run by a `ScheduledExecutorService` or a `java.util.Timer`: comma-separated class patterns such as `com.acme.jobs.*`, `com.acme.**`, `com.acme.Cleanup`; lambdas match by their defining class (see docs/gating.md).");

    public static final ConfigKey<LossAction> ON_LOSS =
            ConfigKey.withDefault(
                    "on.loss",
                    LossAction.TYPE,
                    LossAction.CONTINUE,
                    STOP_ELECTION,
                    "Gated calls still running when leadership is lost (or the gate's deadline passes unrenewed): `continue` lets them finish, `interrupt` interrupts their threads, `exit` halts the JVM with status 1 (see docs/reliability.md). Invalid: not electing, so the stronger protection asked for is never silently weakened.");

    public static final ConfigKey<Duration> SHUTDOWN_DRAIN =
            ConfigKey.withDefault(
                    "shutdown.drain",
                    ValueTypes.DRAIN_DURATION,
                    ElectionSettings.DEFAULT_DRAIN,
                    USE_DEFAULT,
                    "On a graceful stop (SIGTERM) or step-down, the leader shuts its gate, keeps renewing the lease, and waits at most this long for gated calls already running before it releases the lease, so a successor never overlaps with them; calls still running then keep the lease until the JVM exits (see docs/reliability.md). `0s`: do not wait. Up to `1h`; the default matches Kubernetes' `terminationGracePeriodSeconds`.");

    public static final ConfigKey<Boolean> EAGER =
            ConfigKey.withDefault(
                    "eager",
                    ValueTypes.BOOLEAN,
                    Boolean.FALSE,
                    USE_DEFAULT,
                    "`false`: the elector and the health port start only when the first gated method's class is loaded or the first gated task is scheduled, so a JVM with nothing to gate never contacts the API server. `true`: they start with the JVM (apps that only ask `io.leadergate.Leadership`).");

    public static final ConfigKey<String> LEADER_SERVICE =
            ConfigKey.derived(
                    "leader.service",
                    LeaderService.SERVICE_NAME_TYPE,
                    "off",
                    USE_DEFAULT,
                    "A Service without a selector that reaches the leader: the leader keeps its EndpointSlice (same name, in the Lease's namespace) pointing at `pod.ip` and `leader.service.ports`, and withdraws it on loss or release (see docs/observability.md). Needs both keys; without them, one line says why it is off and the election goes on.");

    public static final ConfigKey<List<LeaderService.Port>> LEADER_SERVICE_PORTS =
            ConfigKey.derived(
                    "leader.service.ports",
                    LeaderService.PORTS_TYPE,
                    "none",
                    USE_DEFAULT,
                    "The leader's ports in its EndpointSlice, named as the Service's ports: `http:8080,grpc:9090`, `dns:53/UDP` (TCP by default), or a lone unnamed `8080`.");

    public static final ConfigKey<String> LEADER_SERVICE_GROUP =
            ConfigKey.withDefault(
                    "leader.service.group",
                    WorkGroups.GROUP,
                    WorkGroups.DEFAULT,
                    USE_DEFAULT,
                    "With several groups (`@LeaderOnly(\"billing\")`, `billing=...` patterns), the group whose leader `leader.service` points at: its Lease's holder keeps the slice. `default`: the default group's (`lease.name`). Every replica must name the same group.");

    public static final ConfigKey<String> POD_IP =
            ConfigKey.derived(
                    "pod.ip",
                    LeaderService.POD_IP_TYPE,
                    "none",
                    USE_DEFAULT,
                    "This pod's IP for `leader.service`: set `LEADERGATE_POD_IP` from the downward API (`fieldRef: {fieldPath: status.podIP}`).");

    /** The pattern-list keys whose entries may name a group ({@link WorkGroups}). */
    static final List<ConfigKey<List<String>>> SELECTIONS =
            Collections.unmodifiableList(
                    Arrays.asList(
                            GATE_METHODS,
                            GATE_EXECUTORS,
                            GATE_QUARTZ_JOBS,
                            GATE_SPRING_SCHEDULED_GROUPS));

    private static final List<ConfigKey<?>> ALL =
            Collections.unmodifiableList(
                    Arrays.asList(
                            ENABLED,
                            LEASE_NAME,
                            LEASE_NAMESPACE,
                            IDENTITY,
                            LEASE_DURATION,
                            RENEW_DEADLINE,
                            RETRY_PERIOD,
                            WATCH,
                            KUBECONFIG,
                            LOG_LEVEL,
                            GATE_QUARTZ,
                            GATE_QUARTZ_JOBS,
                            GATE_SPRING_SCHEDULED,
                            GATE_SPRING_SCHEDULED_GROUPS,
                            GATE_METHODS,
                            GATE_EXECUTORS,
                            HEALTH_PORT,
                            HEALTH_ADDRESS,
                            HEALTH_READINESS,
                            ON_LOSS,
                            SHUTDOWN_DRAIN,
                            EAGER,
                            LEADER_SERVICE,
                            LEADER_SERVICE_PORTS,
                            LEADER_SERVICE_GROUP,
                            POD_IP));

    private static final Map<String, ConfigKey<?>> BY_NAME = new HashMap<>();
    private static final Map<String, ConfigKey<?>> BY_ENV_NAME = new HashMap<>();

    static {
        for (ConfigKey<?> key : ALL) {
            BY_NAME.put(key.name(), key);
            BY_ENV_NAME.put(key.envName(), key);
        }
    }

    /** Every key, in the order the docs table lists them. */
    public static List<ConfigKey<?>> all() {
        return ALL;
    }

    /** The key named {@code leadergate.x.y}, or null. */
    static ConfigKey<?> byName(String fullName) {
        return BY_NAME.get(fullName);
    }

    /** The key whose environment variable is {@code LEADERGATE_X_Y}, or null. */
    static ConfigKey<?> byEnvName(String envName) {
        return BY_ENV_NAME.get(envName);
    }
}
