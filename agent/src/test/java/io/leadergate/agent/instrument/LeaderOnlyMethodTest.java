package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.NotLeaderException;
import io.leadergate.agent.instrument.fixtures.Jobs;
import io.leadergate.bootstrap.Gate;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Method-level {@code @LeaderOnly} through the production agent builder. */
@ExtendWith(TestAgent.Installed.class)
class LeaderOnlyMethodTest {

    private static final String JOBS = Jobs.class.getName();

    @Test
    void followerSkipsBodiesAndReturnsDefaults() {
        Gate.revoke();
        Jobs jobs = new Jobs();

        jobs.run();
        assertNull(jobs.name());
        assertEquals(0, jobs.count());
        assertEquals(0L, jobs.total());
        assertFalse(jobs.flag());
        assertEquals(0.0, jobs.ratio());
        assertEquals(Optional.empty(), jobs.find());
        assertEquals(0, Jobs.staticJob());

        assertEquals(0, jobs.bodies, "no gated body may run on a follower");
        assertEquals(3, jobs.free(), "unannotated methods are untouched");
    }

    @Test
    void leaderRunsBodiesAndReturnsTheirValues() {
        Gate.grantUntil(System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        Jobs jobs = new Jobs();

        jobs.run();
        assertEquals("leader", jobs.name());
        assertEquals(42, jobs.count());
        assertEquals(7L, jobs.total());
        assertTrue(jobs.flag());
        assertEquals(0.5, jobs.ratio());
        assertEquals(Optional.of("found"), jobs.find());
        assertEquals("strict", jobs.strict());
        assertEquals(1, Jobs.staticJob());
        assertEquals(8, jobs.bodies);
    }

    @Test
    void expiredGrantClosesWithoutAnyRevoke() {
        Gate.grantUntil(System.nanoTime() - 1);
        Jobs jobs = new Jobs();

        jobs.run();

        assertEquals(0, jobs.bodies);
    }

    @Test
    void throwModeRefusesOnFollower() {
        Gate.revoke();
        Jobs jobs = new Jobs();

        NotLeaderException refused = assertThrows(NotLeaderException.class, jobs::strict);

        assertTrue(refused.getMessage().contains(JOBS + "#strict()"), refused.getMessage());
        assertEquals(0, jobs.bodies);
    }

    @Test
    void staticMainIsNeverGatedEvenWhenAnnotated() {
        Gate.revoke();
        int before = Jobs.MainCalls.count;

        Jobs.main(new String[0]);

        assertEquals(before + 1, Jobs.MainCalls.count);
        assertFalse(TestAgent.GATED.methods().contains(JOBS + "#main(java.lang.String[])"));
    }

    @Test
    void countsEachSkippedCallAgainstTheMethodsId() {
        Gate.revoke();
        int id = Gate.register(JOBS + "#run()");
        long before = Gate.skipped(id);

        new Jobs().run();
        new Jobs().run();

        assertEquals(before + 2, Gate.skipped(id));
        assertTrue(TestAgent.GATED.methods().contains(JOBS + "#run()"));
        assertFalse(TestAgent.GATED.methods().contains(JOBS + "#free()"));
    }
}
