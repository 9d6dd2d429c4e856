package io.leadergate.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;

import io.leadergate.agent.instrument.fixtures.PreloadedJob;
import io.leadergate.bootstrap.Gate;
import java.lang.instrument.Instrumentation;
import java.util.List;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
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
        GatingAgentBuilder.install(
                ByteBuddyAgent.install(),
                List.of(new LeaderOnlyInstrumentation(GATED), new FailingInstrumentation()));
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
        public ElementMatcher<? super TypeDescription> typeMatcher() {
            return named(UNLUCKY);
        }

        @Override
        public ElementMatcher<? super MethodDescription> methodMatcher() {
            return isMethod();
        }

        @Override
        public AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper adviceFor(
                TypeDescription type, MethodDescription method, ClassLoader loader) {
            throw new IllegalStateException("test: " + type.getName() + " cannot be instrumented");
        }
    }
}
