package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.instrument.fixtures.spring.ScheduledBeans;
import io.leadergate.agent.instrument.fixtures.spring.ScheduledProxy;
import io.leadergate.agent.log.AgentLog;
import io.leadergate.bootstrap.Gate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code leadergate.gate.spring.scheduled} through the production agent builder, on Spring's real
 * annotations.
 */
class SpringScheduledGatingTest {

    private static final String PKG = "io.leadergate.agent.instrument.fixtures.spring.";
    private static final GatedMethods GATED = new GatedMethods();

    @BeforeAll
    static void installAgent() {
        CandidateTransformer.install(
                ByteBuddyAgent.install(),
                ClassFileCandidates.of(false, true, null, null),
                List.of(new SpringScheduledInstrumentation()),
                GATED);
    }

    @AfterEach
    void closeGate() {
        Gate.revoke();
    }

    @Test
    void followerSkipsScheduledMethodsWhichReturnNormally() {
        Gate.revoke();
        ScheduledBeans beans = new ScheduledBeans();
        beans.tick();
        invokeTwice(beans);
        assertEquals(0L, beans.counted(), "a skipped method returns its type's default");
        assertEquals(0, beans.bodies, "a @Scheduled body ran on a follower");

        beans.notScheduled();
        beans.async().join();
        assertEquals(
                2,
                beans.bodies,
                "methods without @Scheduled, and those Spring subscribes to, are not gated");
    }

    @Test
    void leaderRunsScheduledMethods() {
        Gate.grantUntil(System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        ScheduledBeans beans = new ScheduledBeans();
        beans.tick();
        invokeTwice(beans);
        assertEquals(7L, beans.counted());
        assertEquals(3, beans.bodies);
    }

    @Test
    void aProxySubclassWithoutTheAnnotationIsGatedOnceThroughTheOriginal() {
        ScheduledProxy proxy = new ScheduledProxy();
        Gate.revoke();
        proxy.tick();
        assertEquals(1, proxy.interceptions, "the proxy itself is not gated: it still delegates");
        assertEquals(0, proxy.bodies);

        Gate.grantUntil(System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        proxy.tick();
        assertEquals(1, proxy.bodies);
        assertFalse(
                GATED.methods().stream().anyMatch(m -> m.startsWith(PKG + "ScheduledProxy")),
                GATED.methods().toString());
    }

    @Test
    void gatedMethodsAreListedForTheSummary() {
        new ScheduledBeans().notScheduled(); // load the class, so it is woven
        List<String> methods = GATED.methods();
        assertTrue(methods.contains(PKG + "ScheduledBeans#tick()"), methods.toString());
        assertTrue(
                methods.contains(PKG + "ScheduledBeans#twice()"),
                "@Schedules container: " + methods);
        assertTrue(methods.contains(PKG + "ScheduledBeans#counted()"), methods.toString());
        assertFalse(methods.contains(PKG + "ScheduledBeans#async()"), methods.toString());
        assertFalse(methods.contains(PKG + "ScheduledBeans#notScheduled()"), methods.toString());
    }

    @Test
    void aMethodSpringSubscribesToIsNamedInOneWarning() {
        ClassFacts type = ClassFactsOf.type(PKG + "ReactiveOnly");
        ClassFacts.Method poll = ClassFactsOf.method(type, "poll");
        SpringScheduledInstrumentation instrumentation = new SpringScheduledInstrumentation();
        // "Once" is per JVM: another test that wove ReactiveOnly may already have logged it.
        AgentLog.reset("scheduled-not-gated:" + PKG + "ReactiveOnly#poll");
        try (LogCapture log = new LogCapture()) {
            assertTrue(instrumentation.matchesType(type));
            assertFalse(matches(instrumentation, poll));
            assertFalse(matches(instrumentation, poll));
            List<String> warnings = log.linesContaining(PKG + "ReactiveOnly#poll");
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(
                    warnings.get(0).contains("WARN")
                            && warnings.get(0).contains("NOT gated")
                            && warnings.get(0).contains("java.util.concurrent.CompletableFuture"),
                    warnings.get(0));
        }
    }

    @Test
    void onlyLoadersThatCanSeeSpringSchedulingAreConsidered() throws Exception {
        var instrumentation = new SpringScheduledInstrumentation();
        assertTrue(instrumentation.appliesTo(getClass().getClassLoader()));
        try (var withoutSpring = new java.net.URLClassLoader(new java.net.URL[0], null)) {
            assertFalse(instrumentation.appliesTo(withoutSpring));
        }
    }

    private static boolean matches(
            SpringScheduledInstrumentation instrumentation, ClassFacts.Method method) {
        return instrumentation.matchesMethod(method);
    }

    /** {@code twice()} is package-private to show visibility does not matter. */
    private static void invokeTwice(ScheduledBeans beans) {
        try {
            var twice = ScheduledBeans.class.getDeclaredMethod("twice");
            twice.setAccessible(true);
            twice.invoke(beans);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
