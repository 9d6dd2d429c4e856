package io.leadergate.it;

import io.leadergate.testsupport.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replicas of an app on one Lease of the dev server, each with its own health port (and optional
 * extra environment): what the observability tests look at. Closing kills every replica.
 */
final class ObservedReplicas implements AutoCloseable {

    /** One started replica and the port its agent serves health on. */
    record Replica(ReplicaProcess process, HealthPort health) {
        String id() {
            return process.id();
        }

        /** True when this replica's /leader says isLeader. */
        boolean saysLeader() {
            return health.get("/leader")
                    .map(r -> r.body().startsWith("{\"isLeader\":true"))
                    .orElse(false);
        }
    }

    private final List<Replica> replicas = new ArrayList<>();
    private final RunLog runLog;
    private final DevServerProcess server;
    private final Path logDir;

    ObservedReplicas(DevServerProcess server, Path logDir) {
        this.server = server;
        this.logDir = logDir;
        this.runLog = new RunLog(logDir.resolve("runs.log"));
    }

    /** Starts {@code id} on {@code leaseName} with a fresh health port plus {@code extraEnv}. */
    Replica start(String id, Path appJar, String leaseName, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(LeaseTimings.asEnvironment());
        env.put("IT_RUN_LOG", runLog.file().toString());
        env.put("LEADERGATE_KUBECONFIG", server.kubeconfig().toString());
        env.put("LEADERGATE_LEASE_NAMESPACE", "default");
        if (leaseName != null) {
            env.put("LEADERGATE_LEASE_NAME", leaseName);
        }
        env.put("LEADERGATE_IDENTITY", id);
        int port = HealthPort.freePort();
        env.put("LEADERGATE_HEALTH_PORT", String.valueOf(port));
        env.put("LEADERGATE_HEALTH_ADDRESS", "127.0.0.1");
        env.putAll(extraEnv);
        Replica replica =
                new Replica(
                        ReplicaProcess.start(id, appJar, true, env, logDir), new HealthPort(port));
        replicas.add(replica);
        return replica;
    }

    List<Replica> all() {
        return List.copyOf(replicas);
    }

    RunLog runLog() {
        return runLog;
    }

    /** Waits until exactly one live replica's /leader says isLeader, and returns it. */
    Replica awaitSoleLeader(Duration timeout) {
        return Await.value(
                "exactly one replica to report leadership on /leader",
                timeout,
                () -> {
                    List<Replica> leaders =
                            replicas.stream()
                                    .filter(r -> r.process().isAlive())
                                    .filter(Replica::saysLeader)
                                    .toList();
                    return leaders.size() == 1 ? Optional.of(leaders.get(0)) : Optional.empty();
                },
                this::describe);
    }

    String describe() {
        StringBuilder out = new StringBuilder(runLog.describe());
        for (Replica replica : replicas) {
            out.append("\n--- ")
                    .append(replica.id())
                    .append(" health: /readyz ")
                    .append(replica.health().read("/readyz"))
                    .append(" /leader ")
                    .append(replica.health().read("/leader"))
                    .append('\n')
                    .append(replica.process().describe());
        }
        return out.append('\n').append(server.describe()).toString();
    }

    @Override
    public void close() {
        for (Replica replica : replicas) {
            replica.process().close();
        }
    }
}
