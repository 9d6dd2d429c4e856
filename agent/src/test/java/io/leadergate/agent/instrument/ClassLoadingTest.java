package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.leadergate.agent.instrument.fixtures.Jobs;
import io.leadergate.agent.instrument.fixtures.PreloadedJob;
import io.leadergate.agent.log.AgentLog;
import io.leadergate.bootstrap.Gate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Loaders, retransformation and failures: the situations an application's class loading creates.
 */
@ExtendWith(TestAgent.Installed.class)
class ClassLoadingTest {

    @Test
    void classOfAnotherLoaderReadsTheSameGate() throws Exception {
        Class<?> copy = new ChildFirstLoader().loadClass(Jobs.class.getName());
        assertNotSame(Jobs.class, copy);
        Object jobs = copy.getConstructor().newInstance();

        Gate.revoke();
        assertEquals(0, copy.getMethod("count").invoke(jobs));
        Gate.grantUntil(System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        assertEquals(42, copy.getMethod("count").invoke(jobs));
    }

    @Test
    void classLoadedBeforeTheAgentIsGatedAfterRetransformation() {
        assertEquals(
                1,
                TestAgent.preloadedBodiesBeforeInstall(),
                "ran uninstrumented before installation");

        Gate.revoke();
        PreloadedJob.run();
        assertEquals(1, PreloadedJob.bodies, "gated after retransformation");

        Gate.grantUntil(System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        PreloadedJob.run();
        assertEquals(2, PreloadedJob.bodies);
    }

    @Test
    void uninstrumentableClassIsReportedOnceAndStillWorks() throws Exception {
        AgentLog.reset("cannot-instrument:" + TestAgent.UNLUCKY);
        try (LogCapture log = new LogCapture()) {
            for (int copy = 0; copy < 2; copy++) {
                Class<?> unlucky = new ChildFirstLoader().loadClass(TestAgent.UNLUCKY);
                Object instance = unlucky.getConstructor().newInstance();
                assertEquals(42, unlucky.getMethod("work").invoke(instance));
            }

            assertEquals(
                    1, log.linesContaining("could not instrument " + TestAgent.UNLUCKY).size());
            assertEquals(1, log.linesContaining("WARN").size());
        }
    }
}
