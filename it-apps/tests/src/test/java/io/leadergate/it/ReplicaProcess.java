package io.leadergate.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One replica of an app: {@code java -javaagent:<agent jar> -jar <app jar>}, configured only
 * through environment variables, exactly as a pod would be.
 */
public final class ReplicaProcess implements AutoCloseable {

    private final String id;
    private final ChildJvm jvm;

    private ReplicaProcess(String id, ChildJvm jvm) {
        this.id = id;
        this.jvm = jvm;
    }

    /**
     * @param withAgent false only for control runs that show what the app does ungated
     * @param env the agent's and the app's configuration
     */
    public static ReplicaProcess start(
            String id, Path appJar, boolean withAgent, Map<String, String> env, Path logDir) {
        return start(id, appJar, withAgent, List.of(), env, logDir);
    }

    /**
     * As {@link #start(String, Path, boolean, Map, Path)}, with {@code jvmArgs} after the defaults
     * (so {@code -Xmx64m} or {@code -XX:NativeMemoryTracking=summary} for a soak's diagnosis).
     */
    public static ReplicaProcess start(
            String id,
            Path appJar,
            boolean withAgent,
            List<String> jvmArgs,
            Map<String, String> env,
            Path logDir) {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                ItConfig.replicaJava().toString(),
                                // Lighter JVMs: the host has two cores shared with builds; these do
                                // not change behaviour.
                                "-XX:+UseSerialGC",
                                "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmArgs);
        if (withAgent) {
            command.add("-javaagent:" + ItConfig.agentJar());
        }
        command.addAll(List.of("-jar", appJar.toString()));
        Map<String, String> fullEnv = new HashMap<>(env);
        fullEnv.put("IT_REPLICA_ID", id);
        return new ReplicaProcess(id, ChildJvm.start(id, command, fullEnv, logDir));
    }

    public String id() {
        return id;
    }

    public long pid() {
        return jvm.pid();
    }

    public boolean isAlive() {
        return jvm.isAlive();
    }

    /** Graceful stop, like Kubernetes deleting a pod: SIGTERM, shutdown hooks run. */
    public void terminate() {
        jvm.terminate();
    }

    /** {@code kill -9}: the process vanishes without releasing anything. */
    public void kill() {
        jvm.kill();
    }

    public int awaitExit(Duration timeout) {
        return jvm.awaitExit(timeout);
    }

    public String stdout() {
        return jvm.stdout();
    }

    /** The agent logs here ({@code [leadergate] ...}). */
    public String stderr() {
        return jvm.stderr();
    }

    void awaitStdoutLine(java.util.regex.Pattern pattern, Duration timeout) {
        jvm.awaitStdoutLine(pattern, timeout);
    }

    /**
     * The agent logs on stderr; it starts electing when the first gated class loads, not at JVM
     * start.
     */
    void awaitStderrLine(java.util.regex.Pattern pattern, Duration timeout) {
        jvm.awaitStderrLine(pattern, timeout);
    }

    public String describe() {
        return jvm.describe();
    }

    @Override
    public void close() {
        jvm.close();
    }
}
