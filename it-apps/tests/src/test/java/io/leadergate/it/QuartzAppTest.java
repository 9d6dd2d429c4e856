package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three JVMs of the Quartz sample app ({@code java -javaagent:leadergate-agent.jar -jar
 * quartz-app.jar}, {@code LEADERGATE_GATE_QUARTZ=true}): a RAMJobStore scheduler fires a plain
 * {@code org.quartz.Job} every 50 ms on every replica; the job class comes from a child {@code
 * URLClassLoader}, not the class path.
 */
class QuartzAppTest {

    private static final String JOB_METHOD =
            "io.leadergate.it.quartz.jobs.SingletonJob#execute(org.quartz.JobExecutionContext)";

    @RegisterExtension static final LeaseCluster cluster = new LeaseCluster();

    @Test
    void oneReplicaRunsTheQuartzJobFollowersKeepFiringAndAKilledLeaderIsReplaced() {
        ReplicaGroup group =
                cluster.startWithAgent(
                        3,
                        ItConfig.quartzAppJar(),
                        "quartz-app",
                        Map.of("LEADERGATE_GATE_QUARTZ", "true"));
        ScheduledAppScenario.oneRunnerFailoverAfterKillNoOverlaps(group, JOB_METHOD, "Quartz");
        for (ReplicaProcess replica : group.replicas()) {
            assertTrue(
                    replica.stdout().contains("from loader quartz-app-jobs"),
                    replica.id()
                            + " did not load the job through its own URLClassLoader\n"
                            + group.describe());
        }
    }
}
