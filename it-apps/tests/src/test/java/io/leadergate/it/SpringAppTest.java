package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three JVMs of the Spring Boot sample app, started from its executable (nested) jar
 * ({@code java -javaagent:leadergate-agent.jar -jar spring-app.jar},
 * {@code LEADERGATE_GATE_SPRING_SCHEDULED=true}): the {@code @Scheduled(fixedDelay = 50)} method
 * of a CGLIB-proxied bean, loaded from {@code BOOT-INF/classes} by Spring Boot's launcher.
 */
class SpringAppTest {

    private static final String SCHEDULED_METHOD = "io.leadergate.it.spring.SingletonWork#runOnce()";

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
    void oneReplicaRunsTheScheduledMethodFollowersKeepFiringAndAKilledLeaderIsReplaced() {
        group = ReplicaGroup.startWithAgent(3, ItConfig.springAppJar(), "spring-app", server, logs.testDir(),
                Map.of("LEADERGATE_GATE_SPRING_SCHEDULED", "true"));
        ScheduledAppScenario.oneRunnerFailoverAfterKillNoOverlaps(group, SCHEDULED_METHOD, "Spring @Scheduled");
        for (ReplicaProcess replica : group.replicas()) {
            String out = replica.stdout();
            assertTrue(out.contains("LaunchedClassLoader") && out.contains("SingletonWork$$SpringCGLIB$$"), replica.id()
                    + " did not run from the nested jar with a CGLIB-proxied bean\n" + group.describe());
        }
    }
}
