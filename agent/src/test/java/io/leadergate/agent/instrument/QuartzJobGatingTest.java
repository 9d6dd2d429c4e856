package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.instrument.fixtures.quartz.CountingJob;
import io.leadergate.agent.instrument.fixtures.quartz.InheritingJob;
import io.leadergate.agent.instrument.fixtures.quartz.NotAJob;
import io.leadergate.agent.instrument.fixtures.quartz.TemplateJob;
import io.leadergate.bootstrap.Gate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quartz.JobExecutionContext;

/**
 * {@code leadergate.gate.quartz} through the production agent builder, on real Quartz types, in
 * this JVM.
 */
class QuartzJobGatingTest {

    private static final String PKG = "io.leadergate.agent.instrument.fixtures.quartz.";
    private static final String CONTEXT = "(org.quartz.JobExecutionContext)";
    private static final GatedMethods GATED = new GatedMethods();

    @BeforeAll
    static void installAgent() {
        CandidateTransformer.install(
                ByteBuddyAgent.install(),
                ClassFileCandidates.of(true, false, null, null),
                List.of(new QuartzJobInstrumentation(null)),
                GATED);
    }

    @AfterEach
    void closeGate() {
        Gate.revoke();
    }

    @Test
    void followerSkipsJobBodiesAndReturnsNormally() {
        Gate.revoke();
        int counting = CountingJob.bodies;
        int template = TemplateJob.templateBodies;
        int internal = InheritingJob.internalBodies;

        new CountingJob().execute(null); // returns, does not throw: Quartz sees a completed job
        new InheritingJob().execute(null);

        assertEquals(counting, CountingJob.bodies, "execute of a Job ran on a follower");
        assertEquals(
                template, TemplateJob.templateBodies, "an inherited execute ran on a follower");
        assertEquals(internal, InheritingJob.internalBodies, "executeInternal ran on a follower");
    }

    @Test
    void leaderRunsJobBodies() {
        Gate.grantUntil(System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        int counting = CountingJob.bodies;
        int internal = InheritingJob.internalBodies;

        new CountingJob().execute(null);
        new InheritingJob().execute(null);

        assertEquals(counting + 1, CountingJob.bodies);
        assertEquals(internal + 1, InheritingJob.internalBodies);
    }

    @Test
    void classesThatAreNotJobsAndOtherSignaturesAreLeftAlone() {
        Gate.revoke();
        int before = NotAJob.bodies;
        new NotAJob().execute((JobExecutionContext) null);
        new NotAJob().execute("not a context");
        assertEquals(before + 2, NotAJob.bodies);
        assertTrue(
                GATED.methods().stream().noneMatch(m -> m.contains("NotAJob")),
                GATED.methods().toString());
    }

    @Test
    void gatedJobBodiesAreListedForTheSummary() {
        new CountingJob().execute(null); // classes load lazily: load them, so they are woven
        new InheritingJob().execute(null);
        List<String> methods = GATED.methods();
        assertTrue(methods.contains(PKG + "CountingJob#execute" + CONTEXT), methods.toString());
        assertTrue(methods.contains(PKG + "TemplateJob#execute" + CONTEXT), methods.toString());
        assertTrue(
                methods.contains(PKG + "InheritingJob#executeInternal" + CONTEXT),
                methods.toString());
        assertFalse(
                methods.stream().anyMatch(m -> m.startsWith(PKG + "TemplateJob#executeInternal")),
                "an abstract method has no body to gate: " + methods);
    }

    @Test
    void aJobDefinedByAnotherClassLoaderIsGatedToo() throws Exception {
        Class<?> copy = new ChildFirstLoader().loadClass(PKG + "CountingJob");
        assertTrue(copy != CountingJob.class && copy.getClassLoader() instanceof ChildFirstLoader);
        Object job = copy.getConstructor().newInstance();

        Gate.revoke();
        copy.getMethod("execute", JobExecutionContext.class).invoke(job, (Object) null);
        assertEquals(
                0,
                copy.getField("bodies").getInt(null),
                "the second copy's body ran on a follower");

        Gate.grantUntil(System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        copy.getMethod("execute", JobExecutionContext.class).invoke(job, (Object) null);
        assertEquals(1, copy.getField("bodies").getInt(null));
    }
}
