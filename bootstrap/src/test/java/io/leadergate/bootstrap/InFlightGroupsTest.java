package io.leadergate.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code on.loss=interrupt} per group: {@link InFlightCalls#interruptGroup} reaches the threads
 * inside that group's admitted calls (a thread inside two groups' calls through either) and leaves
 * the others running.
 */
class InFlightGroupsTest {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final int BILLING = 11;
    private static final int REPORTS = 12;

    @AfterEach
    void closeGates() {
        Gate.revoke(BILLING);
        Gate.revoke(REPORTS);
    }

    private static int register(int group) {
        return Gate.register("InFlightGroupsTest#call" + NAMES.incrementAndGet() + "()", group);
    }

    /** A thread inside the admitted calls {@code ids} (outermost first) until interrupted. */
    private static final class Inside extends Thread {
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicBoolean interrupted = new AtomicBoolean();
        private final int[] ids;

        Inside(String name, int... ids) {
            super(name);
            this.ids = ids;
            setDaemon(true);
        }

        @Override
        public void run() {
            for (int id : ids) {
                assertTrue(InFlightCalls.admit(id));
            }
            entered.countDown();
            try {
                Thread.sleep(MINUTE / 1_000_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            } finally {
                for (int i = ids.length - 1; i >= 0; i--) {
                    InFlightCalls.leave(ids[i]);
                }
            }
        }
    }

    @Test
    void aGroupsLossInterruptsOnlyTheThreadsInsideItsCalls() throws Exception {
        int billing = register(BILLING);
        int reports = register(REPORTS);
        Gate.grantUntil(BILLING, System.nanoTime() + MINUTE);
        Gate.grantUntil(REPORTS, System.nanoTime() + MINUTE);
        Inside inBilling = new Inside("in-billing", billing);
        Inside inReports = new Inside("in-reports", reports);
        Inside inBoth = new Inside("in-reports-then-billing", reports, billing, billing);
        for (Inside thread : new Inside[] {inBilling, inReports, inBoth}) {
            thread.start();
            assertTrue(thread.entered.await(10, TimeUnit.SECONDS));
        }
        assertEquals(2, InFlightCalls.count(BILLING));
        assertEquals(2, InFlightCalls.count(REPORTS));

        String names = InFlightCalls.interruptGroup(BILLING);
        inBilling.join(10_000);
        inBoth.join(10_000);
        assertTrue(inBilling.interrupted.get());
        assertTrue(inBoth.interrupted.get(), "inside a billing call, though nested in reports");
        assertTrue(
                names.contains("in-billing") && names.contains("in-reports-then-billing"), names);
        assertFalse(names.contains("in-reports,") || names.endsWith("in-reports"), names);
        assertTrue(inReports.isAlive(), "the reports call runs on: its Lease is still held");
        assertFalse(inReports.interrupted.get());
        assertEquals(0, InFlightCalls.count(BILLING));
        assertEquals(1, InFlightCalls.count(REPORTS));

        assertEquals("in-reports", InFlightCalls.interruptGroup(REPORTS));
        inReports.join(10_000);
        assertTrue(inReports.interrupted.get());
        assertEquals("", InFlightCalls.interruptGroup(Gate.MAX_GROUPS), "out of range: nobody");
    }

    @Test
    void aRefusedCallLeavesNoTrace() {
        int closed = register(REPORTS);
        assertFalse(InFlightCalls.admit(closed));
        assertEquals(0, InFlightCalls.count(REPORTS));
        int outOfRange = (Gate.MAX_GROUPS + 3) << Gate.GROUP_SHIFT;
        assertFalse(InFlightCalls.admit(outOfRange), "an id past the groups never opens");
        assertEquals(0, InFlightCalls.count(Gate.NEVER_OPEN));
    }
}
