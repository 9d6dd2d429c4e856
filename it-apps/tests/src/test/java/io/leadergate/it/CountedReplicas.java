package io.leadergate.it;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dev server of its own whose clients are named replicas (each its own token and kubeconfig, so
 * the server's request counts tell them apart), the replicas started against it and their run log:
 * what a test or a bench that counts requests per replica starts, and stops as one. Registered with
 * {@link LeaseCluster#closeAfterTest} it is stopped after the test; a bench that measures several
 * modes in one test closes each before the next ({@link #close} may be called twice).
 */
final class CountedReplicas implements AutoCloseable {

    private final Path dir;
    private final DevServerProcess server;
    private final RunLog runLog;
    private final Map<String, ReplicaProcess> replicas = new LinkedHashMap<>();
    private boolean closed;

    private CountedReplicas(Path dir, DevServerProcess server) {
        this.dir = dir;
        this.server = server;
        this.runLog = new RunLog(dir.resolve("runs.log"));
    }

    /** Starts a dev server in {@code dir} with one client per {@code clients} entry. */
    static CountedReplicas start(Path dir, List<String> clients) {
        return new CountedReplicas(dir, DevServerProcess.start(dir, clients));
    }

    DevServerProcess server() {
        return server;
    }

    RunLog runLog() {
        return runLog;
    }

    /**
     * What every replica here is told (the run log, its own kubeconfig and identity, {@code
     * leaseName} in {@code default}, no health port: many replicas share one host), to add to.
     */
    Map<String, String> env(String id, String leaseName) {
        Map<String, String> env = new HashMap<>();
        env.put("IT_RUN_LOG", runLog.file().toString());
        env.put("LEADERGATE_KUBECONFIG", server.kubeconfig(id).toString());
        env.put("LEADERGATE_LEASE_NAMESPACE", "default");
        env.put("LEADERGATE_LEASE_NAME", leaseName);
        env.put("LEADERGATE_IDENTITY", id);
        env.put("LEADERGATE_HEALTH_PORT", "off");
        return env;
    }

    /** Starts plain-app replica {@code id} with the agent, its output in this directory. */
    ReplicaProcess start(String id, Map<String, String> env) {
        return start(id, ItConfig.plainAppJar(), true, env, dir);
    }

    /**
     * Starts replica {@code id} of {@code appJar}; one that ran under the same id before (and has
     * exited: a bench restarting a stopped leader) is replaced.
     */
    ReplicaProcess start(
            String id, Path appJar, boolean withAgent, Map<String, String> env, Path logDir) {
        ReplicaProcess replica = ReplicaProcess.start(id, appJar, withAgent, env, logDir);
        ReplicaProcess earlier = replicas.put(id, replica);
        if (earlier != null) {
            earlier.close();
        }
        return replica;
    }

    ReplicaProcess replica(String id) {
        ReplicaProcess replica = replicas.get(id);
        if (replica == null) {
            throw new IllegalArgumentException("no replica " + id);
        }
        return replica;
    }

    /** In the order they were first started. */
    List<ReplicaProcess> replicas() {
        return List.copyOf(replicas.values());
    }

    List<ReplicaProcess> othersThan(ReplicaProcess replica) {
        return replicas.values().stream().filter(r -> r != replica).toList();
    }

    /** Who ran when, every replica's output, the server's: the failure message of an await. */
    String describe() {
        StringBuilder out = new StringBuilder(runLog.describe());
        replicas.values().forEach(r -> out.append('\n').append(r.describe()));
        return out.append('\n').append(server.describe()).toString();
    }

    /** Kills the replicas still running, then the server. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        replicas.values().forEach(ReplicaProcess::close);
        server.close();
    }
}
