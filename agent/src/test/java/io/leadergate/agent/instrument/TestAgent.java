package io.leadergate.agent.instrument;

import io.leadergate.agent.instrument.fixtures.PreloadedJob;
import io.leadergate.bootstrap.Gate;
import java.lang.instrument.Instrumentation;
import java.util.List;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Installs the production agent builder once in the test JVM, through a real {@link
 * Instrumentation} (self-attach). Before installing, it runs {@link PreloadedJob} so that class is
 * loaded before the agent, as an application's early classes are, and must be gated by
 * retransformation.
 */
final class TestAgent {

    static final GatedMethods GATED = new GatedMethods();
    static final String UNLUCKY = "io.leadergate.agent.instrument.fixtures.Unlucky";

    private static int preloadedBodiesBeforeInstall = -1;

    private TestAgent() {}

    /**
     * {@code @ExtendWith(TestAgent.Installed.class)}: the agent installed before the class's tests,
     * and the gate closed after each.
     */
    static final class Installed implements BeforeAllCallback, AfterEachCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            installOnce();
        }

        @Override
        public void afterEach(ExtensionContext context) {
            Gate.revoke();
        }
    }

    static synchronized void installOnce() {
        if (preloadedBodiesBeforeInstall >= 0) {
            return;
        }
        PreloadedJob.run();
        preloadedBodiesBeforeInstall = PreloadedJob.bodies;
        CandidateTransformer.install(
                ByteBuddyAgent.install(),
                ClassFileCandidates.of(false, false, List.of(UNLUCKY + "#*"), null),
                List.of(new LeaderOnlyInstrumentation(), new FailingInstrumentation()),
                GATED);
    }

    /** How many times {@link PreloadedJob#run()}'s body ran before the agent was installed. */
    static int preloadedBodiesBeforeInstall() {
        return preloadedBodiesBeforeInstall;
    }

    /**
     * Stands for whatever makes a real class uninstrumentable: it throws while transforming {@link
     * #UNLUCKY}.
     */
    private static final class FailingInstrumentation implements GatingInstrumentation {
        @Override
        public String name() {
            return "failing (test)";
        }

        @Override
        public boolean matchesType(ClassFacts type) {
            return type.name().equals(UNLUCKY);
        }

        @Override
        public boolean matchesMethod(ClassFacts.Method method) {
            return method.isMethod();
        }

        @Override
        public GateWeaver.Advice adviceFor(ClassFacts.Method method) {
            throw new IllegalStateException(
                    "test: " + method.declaringType().name() + " cannot be instrumented");
        }
    }
}
