package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.instrument.fixtures.inherit.BaseJob;
import io.leadergate.agent.instrument.fixtures.inherit.Bodiless;
import io.leadergate.agent.instrument.fixtures.inherit.DefaultJob;
import io.leadergate.agent.instrument.fixtures.inherit.SubclassJob;
import io.leadergate.agent.instrument.fixtures.inherit.UngatedSubclass;
import io.leadergate.bootstrap.Gate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@code @LeaderOnly} gates across a type hierarchy: a method's own body, wherever it is
 * declared (an interface's default method, an abstract base class) and whoever calls it; never an
 * override or implementation that is not annotated itself (Java's annotations on methods are not
 * inherited, and the agent looks at each class file alone), and the agent says so for an annotated
 * method without a body.
 */
@ExtendWith(TestAgent.Installed.class)
class LeaderOnlyInheritanceTest {

    @Test
    void interfaceDefaultMethodAndMethodsInheritedFromAnAbstractBaseAreGated() {
        Gate.revoke();
        SubclassJob job = new SubclassJob();

        job.defaultJob();
        job.inheritedJob();
        job.reannotatedJob();

        assertEquals(0, job.bodies, "gated bodies ran on a follower");
        assertTrue(
                TestAgent.GATED.methods().contains(DefaultJob.class.getName() + "#defaultJob()"));
        assertTrue(TestAgent.GATED.methods().contains(BaseJob.class.getName() + "#inheritedJob()"));
        assertTrue(
                TestAgent.GATED
                        .methods()
                        .contains(SubclassJob.class.getName() + "#reannotatedJob()"));
    }

    @Test
    void unannotatedOverridesAndImplementationsAreNotGated() {
        Gate.revoke();
        SubclassJob job = new SubclassJob();

        job.overriddenJob();
        job.templateJob();
        job.abstractJob();
        assertEquals(3, job.bodies, "an override does not inherit the gate");

        job.overriddenCallingSuper();
        assertEquals(1, job.ownParts, "the override's own code runs");
        assertEquals(3, job.bodies, "the super body it calls is gated");
    }

    @Test
    void typeLevelAnnotationGatesTheBaseClassMethodsOnly() {
        Gate.revoke();
        UngatedSubclass job = new UngatedSubclass();

        job.baseJob();
        assertEquals(0, job.bodies);
        job.subclassJob();
        assertEquals(1, job.bodies, "a subclass of a type-gated class is not gated itself");
    }

    @Test
    void leaderRunsEveryBody() {
        Gate.grantUntil(System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        SubclassJob job = new SubclassJob();

        job.defaultJob();
        job.inheritedJob();
        job.reannotatedJob();
        job.overriddenCallingSuper();

        assertEquals(4, job.bodies);
    }

    @Test
    void annotatedMethodsWithoutBodyAreReported() throws ClassNotFoundException {
        try (LogCapture log = new LogCapture()) {
            // Loaded only here, inside the capture.
            Class.forName(Bodiless.class.getName() + "$Base", true, getClass().getClassLoader());

            assertEquals(
                    1,
                    log.linesContaining(
                                    Bodiless.class.getName()
                                            + "#job() is annotated @LeaderOnly but has no body")
                            .size(),
                    "the interface's abstract method");
            assertEquals(
                    1,
                    log.linesContaining("$Base#template() is annotated @LeaderOnly but has no body")
                            .size(),
                    "the abstract class's abstract method");
        }
    }
}
