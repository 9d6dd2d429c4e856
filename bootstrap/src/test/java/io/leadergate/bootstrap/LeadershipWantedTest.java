package io.leadergate.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A refused gated call, or a "not leader" answer of the Leadership view, tells the agent's waiting
 * election start that leadership is wanted ({@link Gate#notifyWhenWanted}); an admitted call does
 * not, and nothing does once nobody waits.
 */
class LeadershipWantedTest {

    private static final int METHOD = Gate.register("LeadershipWantedTest#work()");

    @AfterEach
    void reset() {
        Gate.notifyWhenWanted(null);
        Gate.revoke();
    }

    /** A thread parked until {@link Gate#leadershipWanted()}, as the agent's start thread is. */
    private static Thread startWaiter() {
        Thread waiter =
                new Thread(
                        () -> {
                            while (!Gate.leadershipWanted()) {
                                LockSupport.park();
                            }
                        },
                        "waiter");
        Gate.notifyWhenWanted(waiter); // before it starts, as the agent arms it
        waiter.start();
        return waiter;
    }

    private static void assertEnds(Thread waiter) throws InterruptedException {
        waiter.join(Duration.ofSeconds(30).toMillis());
        assertFalse(waiter.isAlive(), "the waiter was not woken");
    }

    @Test
    void aRefusedCallWakesTheWaiterOnceAndAdmittedCallsDoNot() throws InterruptedException {
        Gate.grantUntil(System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        Thread waiter = startWaiter();
        assertTrue(Gate.admit(METHOD));
        Gate.leave(METHOD);
        assertFalse(Gate.leadershipWanted(), "the leader's admitted call wants nothing");

        Gate.revoke();
        assertFalse(Gate.admit(METHOD));
        assertTrue(Gate.leadershipWanted());
        assertEnds(waiter);
        // Re-arming starts over: nothing refused since.
        Gate.notifyWhenWanted(Thread.currentThread());
        assertFalse(Gate.leadershipWanted());
    }

    @Test
    void withoutAWaiterARefusedCallSetsNothing() {
        Gate.notifyWhenWanted(Thread.currentThread());
        Gate.notifyWhenWanted(null); // the wait is over
        assertFalse(Gate.admit(METHOD));
        assertFalse(Gate.leadershipWanted());
    }

    @Test
    void notLeaderAnswersOfTheLeadershipViewWakeTheWaiter() throws InterruptedException {
        BooleanSupplier[] queries = {
            LeadershipView::isLeader,
            () -> LeadershipView.fencingToken() != LeadershipView.NO_TOKEN,
            LeadershipView::verify,
            () -> LeadershipView.isLeader("billing"),
            () -> LeadershipView.fencingToken("billing") != LeadershipView.NO_TOKEN,
            () -> LeadershipView.verify("billing"),
        };
        for (int i = 0; i < queries.length; i++) {
            Thread waiter = startWaiter();
            assertFalse(queries[i].getAsBoolean());
            assertTrue(Gate.leadershipWanted(), "query " + i);
            assertEnds(waiter);
        }
        // currentLeader() only asks who leads.
        Gate.notifyWhenWanted(Thread.currentThread());
        assertEquals("", LeadershipView.currentLeader());
        assertFalse(Gate.leadershipWanted());
    }
}
