package io.leadergate.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Gate#inFlight()}: admitted calls count from admit to leave, skipped ones never, the
 * executor wrappers end their count however the task ends, and after a revoke the count never
 * misses a call that is still running (the property a graceful hand-over waits on).
 */
class GateInFlightTest {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final int id = Gate.register("GateInFlightTest#call" + NAMES.incrementAndGet() + "()");

    @AfterEach
    void closeGate() {
        Gate.revoke();
    }

    @Test
    void anAdmittedCallIsInFlightUntilItLeaves() {
        Gate.grantUntil(System.nanoTime() + MINUTE);
        long before = Gate.inFlight();

        assertTrue(Gate.admit(id));
        assertEquals(1, Gate.inFlight(id));
        assertEquals(before + 1, Gate.inFlight());
        assertTrue(Gate.admit(id), "a nested call on the same method counts on its own");
        assertEquals(2, Gate.inFlight(id));

        Gate.revoke();
        assertEquals(2, Gate.inFlight(id), "closing the gate does not end running calls");
        Gate.leave(id);
        Gate.leave(id);
        assertEquals(0, Gate.inFlight(id));
        assertEquals(before, Gate.inFlight());
        assertEquals(2, Gate.executed(id));
    }

    @Test
    void skippedCallsAreNeverInFlight() {
        Gate.revoke();
        assertFalse(Gate.admit(id));
        assertFalse(Gate.admit(id));
        assertEquals(0, Gate.inFlight(id));
        assertEquals(2, Gate.skipped(id));
        assertEquals(0, Gate.executed(id));

        Gate.grantUntil(System.nanoTime() - 1); // a grant that has already run out
        assertFalse(Gate.admit(id));
        assertEquals(0, Gate.inFlight(id));
    }

    @Test
    void aRevokeClosesAtOnceAndAGrantReopens() {
        Gate.grantUntil(System.nanoTime() + MINUTE);
        assertTrue(Gate.isOpen());
        Gate.revoke();
        assertFalse(Gate.isOpen());
        assertTrue(Gate.remainingNanos() < 0);
        assertFalse(Gate.admit(id));
        Gate.grantUntil(System.nanoTime() + MINUTE);
        assertTrue(Gate.admit(id));
        Gate.leave(id);
    }

    @Test
    void gatedRunnableCountsWhileTheTaskRunsAndEndsItsCountWhenTheTaskThrows() {
        Gate.grantUntil(System.nanoTime() + MINUTE);
        AtomicReference<Long> duringRun = new AtomicReference<>();
        new GatedRunnable(() -> duringRun.set(Gate.inFlight(id)), id).run();
        assertEquals(1L, duringRun.get());
        assertEquals(0, Gate.inFlight(id));

        GatedRunnable failing =
                new GatedRunnable(
                        () -> {
                            throw new IllegalStateException("task failed");
                        },
                        id);
        assertThrows(IllegalStateException.class, failing::run);
        assertEquals(0, Gate.inFlight(id), "a throwing task has left");

        Gate.revoke();
        AtomicBoolean ran = new AtomicBoolean();
        new GatedRunnable(() -> ran.set(true), id).run();
        assertFalse(ran.get());
        assertEquals(0, Gate.inFlight(id), "a skipped task never entered");
    }

    @Test
    void gatedCallableCountsWhileTheTaskRunsAndEndsItsCountWhenTheTaskThrows() throws Exception {
        Gate.grantUntil(System.nanoTime() + MINUTE);
        assertEquals(1L, new GatedCallable<>(() -> Gate.inFlight(id), id).call());
        assertEquals(0, Gate.inFlight(id));

        GatedCallable<String> failing =
                new GatedCallable<>(
                        () -> {
                            throw new java.io.IOException("task failed");
                        },
                        id);
        assertThrows(java.io.IOException.class, failing::call);
        assertEquals(0, Gate.inFlight(id));

        Gate.revoke();
        assertNull(new GatedCallable<>(() -> "ran", id).call());
        assertEquals(0, Gate.inFlight(id));
    }

    /**
     * The hand-over's question, asked while four threads enter and leave gated calls as fast as
     * they can: revoke, wait for zero, and no thread may be inside a body then or enter one later.
     * Many rounds, so that revocations land between a thread's read of the gate and its count.
     */
    @Test
    void afterARevokeZeroInFlightMeansNoCallIsRunningAndNoneStarts() throws Exception {
        for (int round = 0; round < 100; round++) {
            Gate.grantUntil(System.nanoTime() + MINUTE);
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger violations = new AtomicInteger();
            AtomicBoolean drained = new AtomicBoolean();
            AtomicBoolean done = new AtomicBoolean();
            CountDownLatch running = new CountDownLatch(4);
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread caller =
                        new Thread(
                                () -> {
                                    running.countDown();
                                    while (!done.get()) {
                                        if (Gate.admit(id)) {
                                            inside.incrementAndGet();
                                            if (drained.get()) {
                                                violations
                                                        .incrementAndGet(); // a body started after
                                                // the drain saw zero
                                            }
                                            inside.decrementAndGet();
                                            Gate.leave(id);
                                        }
                                    }
                                },
                                "caller-" + t);
                caller.setDaemon(true);
                caller.start();
                callers.add(caller);
            }
            assertTrue(running.await(30, TimeUnit.SECONDS));

            Gate.revoke();
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (Gate.inFlight(id) != 0) {
                assertTrue(
                        System.nanoTime() - giveUp < 0,
                        "calls never drained: " + Gate.inFlight(id));
                Thread.onSpinWait();
            }
            drained.set(true);
            assertEquals(
                    0,
                    inside.get(),
                    "round " + round + ": zero in flight while a body was running");
            done.set(true);
            for (Thread caller : callers) {
                caller.join(TimeUnit.SECONDS.toMillis(30));
                assertFalse(caller.isAlive());
            }
            assertEquals(
                    0,
                    violations.get(),
                    "round " + round + ": a call was admitted after the drain");
            assertEquals(0, Gate.inFlight(id));
        }
    }
}
