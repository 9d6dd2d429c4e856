package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three JVMs of the Spring Boot sample app, started from its executable (nested) jar ({@code java
 * -javaagent:leadergate-agent.jar -jar spring-app.jar}, {@code
 * LEADERGATE_GATE_SPRING_SCHEDULED=true}): the {@code @Scheduled(fixedDelay = 50)} method of a
 * CGLIB-proxied bean, loaded from {@code BOOT-INF/classes} by Spring Boot's launcher.
 */
class SpringAppTest {

    private static final String SCHEDULED_METHOD =
            "io.leadergate.it.spring.SingletonWork#runOnce()";

    @RegisterExtension static final LeaseCluster cluster = new LeaseCluster();

    @Test
    void oneReplicaRunsTheScheduledMethodFollowersKeepFiringAndAKilledLeaderIsReplaced() {
        ReplicaGroup group =
                cluster.startWithAgent(
                        3,
                        ItConfig.springAppJar(),
                        "spring-app",
                        Map.of("LEADERGATE_GATE_SPRING_SCHEDULED", "true"));
        ScheduledAppScenario.oneRunnerFailoverAfterKillNoOverlaps(
                group, SCHEDULED_METHOD, "Spring @Scheduled");
        for (ReplicaProcess replica : group.replicas()) {
            String out = replica.stdout();
            assertTrue(
                    out.contains("LaunchedClassLoader")
                            && out.contains("SingletonWork$$SpringCGLIB$$"),
                    replica.id()
                            + " did not run from the nested jar with a CGLIB-proxied bean\n"
                            + group.describe());
        }
    }
}
