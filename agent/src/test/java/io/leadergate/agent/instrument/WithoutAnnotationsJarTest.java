package io.leadergate.agent.instrument;

import static io.leadergate.agent.instrument.LoaderWithoutAnnotations.call;
import static io.leadergate.agent.instrument.LoaderWithoutAnnotations.intField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.instrument.fixtures.Jobs;
import io.leadergate.agent.instrument.fixtures.TypeGated;
import io.leadergate.agent.instrument.fixtures.inherit.LeadershipCaller;
import io.leadergate.agent.instrument.fixtures.inherit.SubclassJob;
import io.leadergate.agent.instrument.fixtures.inherit.UngatedSubclass;
import io.leadergate.bootstrap.Gate;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Classes compiled against leadergate-annotations but run by a loader that does not have it are
 * gated exactly like classes that do: {@code @LeaderOnly} is recognised from the class file alone.
 * Every path fails closed: SKIP skips, THROW refuses (with {@code IllegalStateException}, as {@code
 * NotLeaderException} cannot be loaded), and {@code Leadership} throws {@code NoClassDefFoundError}
 * before the work it guards.
 */
@ExtendWith(TestAgent.Installed.class)
class WithoutAnnotationsJarTest {

    private final LoaderWithoutAnnotations loader = new LoaderWithoutAnnotations();

    @Test
    void theLoaderReallyLacksTheAnnotations() {
        assertThrows(
                ClassNotFoundException.class, () -> loader.loadClass("io.leadergate.LeaderOnly"));
        assertNull(loader.getResource("io/leadergate/LeaderOnly.class"));
        assertNull(loader.getResource("io/leadergate/NotLeaderException.class"));
    }

    @Test
    void followerSkipsMethodLevelAndTypeLevelGatedBodies() throws Throwable {
        Gate.revoke();
        Object jobs = loader.newInstance(Jobs.class);
        Object typeGated = loader.newInstance(TypeGated.class);

        call(jobs, "run");
        assertNull(call(jobs, "name"));
        assertEquals(0, call(jobs, "count"));
        assertEquals(Optional.empty(), call(jobs, "find"));
        call(typeGated, "publicJob");

        assertEquals(0, intField(jobs, "bodies"), "method-level @LeaderOnly ran on a follower");
        assertEquals(0, intField(typeGated, "bodies"), "type-level @LeaderOnly ran on a follower");
        assertEquals(3, call(jobs, "free"), "unannotated methods are untouched");
    }

    @Test
    void followerSkipsDefaultAndInheritedMethodsAsWithTheJar() throws Throwable {
        Gate.revoke();
        Object job = loader.newInstance(SubclassJob.class);
        Object sub = loader.newInstance(UngatedSubclass.class);

        call(job, "defaultJob");
        call(job, "inheritedJob");
        call(job, "reannotatedJob");
        call(sub, "baseJob");

        assertEquals(0, intField(job, "bodies"));
        assertEquals(0, intField(sub, "bodies"));
    }

    @Test
    void throwModeRefusesWithIllegalStateExceptionAndNeverRunsTheBody() {
        Gate.revoke();
        Object jobs = loader.newInstance(Jobs.class);
        Object typeGated = loader.newInstance(TypeGated.class);

        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> call(jobs, "strict"));
        assertTrue(
                refused.getMessage().contains(Jobs.class.getName() + "#strict()"),
                refused.getMessage());
        assertThrows(IllegalStateException.class, () -> call(typeGated, "strictJob"));

        assertEquals(0, intField(jobs, "bodies"));
        assertEquals(0, intField(typeGated, "bodies"));
    }

    @Test
    void leadershipCallsFailClosed() {
        Gate.grantUntil(System.nanoTime() + TimeUnit.MINUTES.toNanos(1)); // even on the leader
        Object caller = loader.newInstance(LeadershipCaller.class);

        assertThrows(NoClassDefFoundError.class, () -> call(caller, "workIfLeader"));

        assertEquals(0, intField(caller, "bodies"));
    }

    @Test
    void leaderRunsEveryBody() throws Throwable {
        Gate.grantUntil(System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        Object jobs = loader.newInstance(Jobs.class);
        Object job = loader.newInstance(SubclassJob.class);

        call(jobs, "run");
        assertEquals("strict", call(jobs, "strict"));
        assertEquals(Optional.of("found"), call(jobs, "find"));
        call(job, "defaultJob");
        call(job, "inheritedJob");

        assertEquals(3, intField(jobs, "bodies"));
        assertEquals(2, intField(job, "bodies"));
    }
}
