package io.leadergate.it;

import io.leadergate.testsupport.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Replicas of one app contending for one Lease on the dev server, all appending to one run log: the
 * multi-JVM equivalent of a Deployment.
 */
final class ReplicaGroup implements AutoCloseable {

    private final List<ReplicaProcess> replicas;
    private final RunLog runLog;
    private final DevServerProcess server;

    /** How each replica is started, for {@link #startAnother}. */
    private Path appJar;

    private boolean withAgent;
    private String leaseName;
    private Path logDir;
    private Map<String, String> appEnv;

    /** Replica id → its health port, for agent replicas whose env does not set one. */
    private final Map<String, HealthPort> healthPorts = new HashMap<>();

    private ReplicaGroup(List<ReplicaProcess> replicas, RunLog runLog, DevServerProcess server) {
        this.replicas = replicas;
        this.runLog = runLog;
        this.server = server;
    }

    /** Starts {@code replica-1 .. replica-<count>} with the agent. */
    static ReplicaGroup startWithAgent(
            int count, Path appJar, String leaseName, DevServerProcess server, Path logDir) {
        return start(count, appJar, true, leaseName, server, logDir, Map.of());
    }

    /**
     * As {@link #startWithAgent}, each replica also getting {@code appEnv} (e.g. {@code
     * LEADERGATE_GATE_QUARTZ}).
     */
    static ReplicaGroup startWithAgent(
            int count,
            Path appJar,
            String leaseName,
            DevServerProcess server,
            Path logDir,
            Map<String, String> appEnv) {
        return start(count, appJar, true, leaseName, server, logDir, appEnv);
    }

    /** Control: the same app and run log, no agent, so nothing is gated. */
    static ReplicaGroup startWithoutAgent(int count, Path appJar, Path logDir) {
        return start(count, appJar, false, "unused", null, logDir, Map.of());
    }

    private static ReplicaGroup start(
            int count,
            Path appJar,
            boolean withAgent,
            String leaseName,
            DevServerProcess server,
            Path logDir,
            Map<String, String> appEnv) {
        RunLog runLog = new RunLog(logDir.resolve("runs.log"));
        List<ReplicaProcess> replicas = new ArrayList<>();
        ReplicaGroup group = new ReplicaGroup(replicas, runLog, server);
        group.appJar = appJar;
        group.withAgent = withAgent;
        group.leaseName = leaseName;
        group.logDir = logDir;
        group.appEnv = Map.copyOf(appEnv);
        try {
            for (int i = 1; i <= count; i++) {
                group.startAnother();
            }
            return group;
        } catch (RuntimeException | Error e) {
            group.close();
            throw e;
        }
    }

    /** Starts one more replica like the others: {@code replica-<n+1>}, a joiner. */
    ReplicaProcess startAnother() {
        String id = "replica-" + (replicas.size() + 1);
        Map<String, String> env = new HashMap<>(LeaseTimings.asEnvironment());
        env.putAll(appEnv);
        env.put("IT_RUN_LOG", runLog.file().toString());
        if (server != null) {
            env.put("LEADERGATE_KUBECONFIG", server.kubeconfig().toString());
            env.put("LEADERGATE_LEASE_NAMESPACE", "default");
            env.put("LEADERGATE_LEASE_NAME", leaseName);
            env.put("LEADERGATE_IDENTITY", id);
        }
        if (withAgent && !appEnv.containsKey("LEADERGATE_HEALTH_PORT")) {
            // A port of its own: on the default port only the first replica's would answer.
            int port = HealthPort.freePort();
            env.put("LEADERGATE_HEALTH_PORT", Integer.toString(port));
            healthPorts.put(id, new HealthPort(port));
        }
        ReplicaProcess replica = ReplicaProcess.start(id, appJar, withAgent, env, logDir);
        replicas.add(replica);
        return replica;
    }

    /** The health port of replica {@code id}; empty when its env chose one or it has no agent. */
    java.util.Optional<HealthPort> health(String id) {
        return java.util.Optional.ofNullable(healthPorts.get(id));
    }

    RunLog runLog() {
        return runLog;
    }

    List<ReplicaProcess> replicas() {
        return List.copyOf(replicas);
    }

    ReplicaProcess replica(String id) {
        return replicas.stream()
                .filter(r -> r.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no replica " + id));
    }

    List<ReplicaProcess> othersThan(String id) {
        return replicas.stream().filter(r -> !r.id().equals(id)).toList();
    }

    /**
     * Waits for the first recorded run matching {@code which}, failing early if every replica has
     * died.
     */
    Run awaitRun(String what, Predicate<Run> which, Duration timeout) {
        return Await.value(
                what,
                timeout,
                () -> {
                    var run = runLog.first(which);
                    if (run.isEmpty() && replicas.stream().noneMatch(ReplicaProcess::isAlive)) {
                        throw new AssertionError(
                                "every replica has exited while waiting for "
                                        + what
                                        + "\n"
                                        + describe());
                    }
                    return run;
                },
                this::describe);
    }

    /**
     * A run that started after every replica's agent was leading or had seen a leader, so it names
     * the leader of a settled group: JVM start-ups (the CPU-heaviest phase, when a renew is most
     * likely to be late) are over, and a takeover time measures the protocol, not a candidate's
     * start.
     *
     * @param firstLeader for the first run and for each agent to see a leader
     * @param patience for a run after that
     */
    Run awaitSettledLeader(Duration firstLeader, Duration patience) {
        awaitRun("a first leader to run gated work", run -> true, firstLeader);
        for (ReplicaProcess replica : replicas) {
            Await.until(
                    replica.id() + "'s agent to lead or to see a leader",
                    firstLeader,
                    () ->
                            replica.stderr().contains("became leader")
                                    || replica.stderr().contains("new leader is"),
                    this::describe);
        }
        long now = System.nanoTime();
        return awaitRun("a run by the settled leader", run -> run.startNanos() > now, patience);
    }

    /**
     * The runs that started in the {@code window} from {@code fresh}'s start, once a run past the
     * window's end shows the gated work went on through it.
     */
    List<Run> runsDuring(Run fresh, Duration window, Duration patience) {
        long windowEnd = fresh.startNanos() + window.toNanos();
        awaitRun(
                "gated work to go on for " + Measurements.seconds(window),
                run -> run.startNanos() >= windowEnd,
                patience);
        return runLog.runs().stream()
                .filter(
                        run ->
                                run.startNanos() >= fresh.startNanos()
                                        && run.startNanos() < windowEnd)
                .toList();
    }

    /** Who ran when, then every replica's output: the failure message of every assertion here. */
    String describe() {
        StringBuilder out = new StringBuilder(runLog.describe());
        for (ReplicaProcess replica : replicas) {
            out.append('\n').append(replica.describe());
        }
        if (server != null) {
            out.append('\n').append(server.describe());
        }
        return out.toString();
    }

    /** Kills whatever is still running; safe to call twice and after partial start. */
    @Override
    public void close() {
        for (ReplicaProcess replica : replicas) {
            replica.close();
        }
    }
}
