package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.testsupport.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rolling migration from an in-code elector to the agent: replicas running fabric8's or
 * client-java-extended's LeaderElector (real libraries from Maven Central, in their own JVMs) and
 * agent replicas contend for one Lease with the same timings. Leadership passes both ways, by kill
 * -9 and by SIGTERM in turns:
 *
 * <ol>
 *   <li>old-1 (in-code) leads; new-1 (agent) starts and reads old-1's record ("new leader is
 *       old-1");
 *   <li>kill -9 old-1: new-1 takes over at expiry (in-code → agent, kill -9);
 *   <li>old-2 starts and reads new-1's record; SIGTERM new-1: old-2 takes over (agent → in-code,
 *       release);
 *   <li>new-2 starts; SIGTERM old-2: new-2 takes over (in-code → agent, the library's release);
 *   <li>old-3 starts; kill -9 new-2: old-3 takes over (agent → in-code, kill -9).
 * </ol>
 *
 * <p>No two replicas ever run the singleton work at once, and each takeover is timed.
 */
class MigrationTest {

    private static final Duration FIRST_LEADER = Duration.ofSeconds(90);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension static final LeaseCluster cluster = new LeaseCluster();

    private final List<ReplicaProcess> started = new ArrayList<>();
    private RunLog runLog;

    @AfterEach
    void stopAll() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fabric8", "client-java"})
    void leadershipPassesBothWaysBetweenAnInCodeElectorAndTheAgent(String elector) {
        String lease = "migrate-" + elector;
        runLog = new RunLog(cluster.testDir().resolve("runs.log"));

        ReplicaProcess old1 = inCode("old-1", elector, lease);
        awaitRunBy(old1, 0, FIRST_LEADER);
        ReplicaProcess new1 = agent("new-1", lease);
        awaitLog(new1, "new leader is old-1", FIRST_LEADER); // the agent reads the library's record

        takeOver("kill -9 of " + elector + " leader -> agent", old1, new1, true);

        ReplicaProcess old2 = inCode("old-2", elector, lease);
        awaitLog(old2, "new leader is new-1", FIRST_LEADER); // the library reads the agent's record
        takeOver("SIGTERM of agent leader -> " + elector, new1, old2, false);

        ReplicaProcess new2 = agent("new-2", lease);
        awaitLog(new2, "new leader is old-2", FIRST_LEADER);
        takeOver("SIGTERM of " + elector + " leader -> agent", old2, new2, false);

        ReplicaProcess old3 = inCode("old-3", elector, lease);
        awaitLog(old3, "new leader is new-2", FIRST_LEADER);
        takeOver("kill -9 of agent leader -> " + elector, new2, old3, true);

        assertTrue(runLog.overlaps().isEmpty(), "overlapping runs\n" + describe());
    }

    /**
     * Stops the leader and waits for the successor's first run after that, recording how long it
     * took.
     */
    private void takeOver(
            String what, ReplicaProcess leader, ReplicaProcess successor, boolean kill) {
        awaitRunBy(leader, System.nanoTime(), PATIENCE); // it leads now
        long stopped = System.nanoTime();
        if (kill) {
            leader.kill();
        } else {
            leader.terminate();
        }
        Run first = awaitRunBy(successor, stopped, PATIENCE);
        Measurements.record(
                "migration: " + what + ", first run of the successor after the stop",
                first.startNanos() - stopped);
        leader.awaitExit(PATIENCE);
    }

    private Run awaitRunBy(ReplicaProcess replica, long afterNanos, Duration timeout) {
        return Await.value(
                replica.id() + " to run the singleton work",
                timeout,
                () ->
                        runLog.first(
                                run ->
                                        run.replicaId().equals(replica.id())
                                                && run.startNanos() > afterNanos),
                this::describe);
    }

    private void awaitLog(ReplicaProcess replica, String line, Duration timeout) {
        Await.until(
                replica.id() + " to log '" + line + "'",
                timeout,
                () -> replica.stdout().contains(line) || replica.stderr().contains(line),
                this::describe);
    }

    private ReplicaProcess agent(String id, String lease) {
        return start(id, ItConfig.plainAppJar(), true, lease, Map.of());
    }

    private ReplicaProcess inCode(String id, String elector, String lease) {
        return start(
                id, ItConfig.migrationElectorsJar(), false, lease, Map.of("IT_ELECTOR", elector));
    }

    private ReplicaProcess start(
            String id, Path jar, boolean withAgent, String lease, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(LeaseTimings.asEnvironment());
        env.put("IT_RUN_LOG", runLog.file().toString());
        env.put("LEADERGATE_KUBECONFIG", cluster.server().kubeconfig().toString());
        env.put("LEADERGATE_LEASE_NAMESPACE", "default");
        env.put("LEADERGATE_LEASE_NAME", lease);
        env.put("LEADERGATE_IDENTITY", id);
        env.put("LEADERGATE_HEALTH_PORT", "off");
        env.putAll(extra);
        ReplicaProcess replica = ReplicaProcess.start(id, jar, withAgent, env, cluster.testDir());
        started.add(replica);
        return replica;
    }

    private String describe() {
        StringBuilder out = new StringBuilder(runLog.describe());
        for (ReplicaProcess replica : started) {
            out.append('\n').append(replica.describe());
        }
        return out.append('\n').append(cluster.server().describe()).toString();
    }
}
