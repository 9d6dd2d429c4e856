package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three JVMs of the Quartz sample app ({@code java -javaagent:leadergate-agent.jar -jar
 * quartz-app.jar}, {@code LEADERGATE_GATE_QUARTZ=true}): a RAMJobStore scheduler fires a plain
 * {@code org.quartz.Job} every 50 ms on every replica; the job class comes from a child
 * {@code URLClassLoader}, not the class path.
 */
class QuartzAppTest {

    private static final String JOB_METHOD = "io.leadergate.it.quartz.jobs.SingletonJob#execute(org.quartz.JobExecutionContext)";

    @RegisterExtension
    static final ProcessLogs logs = new ProcessLogs();

    private static DevServerProcess server;
    private ReplicaGroup group;

    @BeforeAll
    static void startDevServer() {
        server = DevServerProcess.start(logs.classDir());
    }

    @AfterAll
    static void stopDevServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void stopReplicas() {
        if (group != null) {
            group.close();
        }
    }

    @Test
    void oneReplicaRunsTheQuartzJobFollowersKeepFiringAndAKilledLeaderIsReplaced() {
        group = ReplicaGroup.startWithAgent(3, ItConfig.quartzAppJar(), "quartz-app", server, logs.testDir(),
                Map.of("LEADERGATE_GATE_QUARTZ", "true"));
        ScheduledAppScenario.oneRunnerFailoverAfterKillNoOverlaps(group, JOB_METHOD, "Quartz");
        for (ReplicaProcess replica : group.replicas()) {
            assertTrue(replica.stdout().contains("from loader quartz-app-jobs"), replica.id()
                    + " did not load the job through its own URLClassLoader\n" + group.describe());
        }
    }
}
