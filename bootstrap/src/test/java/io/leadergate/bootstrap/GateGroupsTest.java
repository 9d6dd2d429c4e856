package io.leadergate.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One gate per group: a method's id carries its group, each group's grant and revoke touch only its
 * own methods, the drain counts a group's calls alone, and {@link Gate#NEVER_OPEN} never opens.
 */
class GateGroupsTest {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final int BILLING = 7;
    private static final int REPORTS = 8;

    @AfterEach
    void closeGates() {
        Gate.revoke();
        Gate.revoke(BILLING);
        Gate.revoke(REPORTS);
    }

    private static String name() {
        return "GateGroupsTest#call" + NAMES.incrementAndGet() + "()";
    }

    @Test
    void aGroupsGrantAdmitsOnlyItsOwnMethods() {
        int billing = Gate.register(name(), BILLING);
        int reports = Gate.register(name(), REPORTS);
        int plain = Gate.register(name());

        Gate.grantUntil(BILLING, System.nanoTime() + MINUTE);

        assertTrue(Gate.admit(billing));
        Gate.leave(billing);
        assertFalse(Gate.admit(reports), "another group's gate stays shut");
        assertFalse(Gate.admit(plain), "the default group's gate stays shut");
        assertTrue(Gate.isOpen(BILLING));
        assertFalse(Gate.isOpen(REPORTS));
        assertFalse(Gate.isOpen());

        Gate.revoke(REPORTS);
        assertTrue(Gate.isOpen(BILLING), "revoking one group leaves the others open");
        Gate.revoke(BILLING);
        assertFalse(Gate.admit(billing));
    }

    @Test
    void theIdCarriesTheGroupAndTheSlotStaysACounterIndex() {
        String description = name();
        int id = Gate.register(description, BILLING);
        int slot = Gate.slot(id);

        assertEquals(BILLING, id >>> Gate.GROUP_SHIFT);
        assertEquals(description, Gate.methodName(slot));
        assertEquals(BILLING, Gate.groupOfSlot(slot));
        assertEquals(id, Gate.register(description, REPORTS), "the first registration's group");
        assertEquals(id, Gate.register(description), "also when asked without a group");
        long skipped = Gate.skipped(slot);
        assertFalse(Gate.admit(id));
        assertEquals(skipped + 1, Gate.skipped(slot), "counted under the slot");
    }

    @Test
    void eachGroupsDrainCountsOnlyItsOwnCalls() {
        int billing = Gate.register(name(), BILLING);
        int reports = Gate.register(name(), REPORTS);
        Gate.grantUntil(BILLING, System.nanoTime() + MINUTE);
        Gate.grantUntil(REPORTS, System.nanoTime() + MINUTE);
        long billingBefore = Gate.inFlightOfGroup(BILLING);
        long reportsBefore = Gate.inFlightOfGroup(REPORTS);

        assertTrue(Gate.admit(billing));
        assertEquals(billingBefore + 1, Gate.inFlightOfGroup(BILLING));
        assertEquals(reportsBefore, Gate.inFlightOfGroup(REPORTS));
        Gate.leave(billing);
        assertEquals(billingBefore, Gate.inFlightOfGroup(BILLING));
        assertTrue(Gate.admit(reports));
        Gate.leave(reports);
    }

    @Test
    void neverOpenIsNeverGranted() {
        int id = Gate.register(name(), Gate.NEVER_OPEN);
        Gate.grantUntil(Gate.NEVER_OPEN, System.nanoTime() + MINUTE);
        assertFalse(Gate.isOpen(Gate.NEVER_OPEN));
        assertFalse(Gate.admit(id));
        assertFalse(Gate.isOpen(Gate.MAX_GROUPS + 5), "a group out of range is never open");
        assertFalse(Gate.admit(5 | (Gate.MAX_GROUPS + 1) << Gate.GROUP_SHIFT));
    }
}
