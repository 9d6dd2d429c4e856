package io.leadergate.agent.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The spread of several Leases: a contender holds back its claims by its load, and an under-loaded
 * replica asks the busiest holder for one Lease at a time through {@code spec.preferredHolder}.
 */
class SpreadTest extends ElectorFixture {

    private final List<FakeLeaseClient> leases = new ArrayList<>();
    private final List<LeaseElector> electors = new ArrayList<>();
    private final Spread spread = new Spread(settings(ME), clock);

    /** Our elector of group {@code i}'s Lease, on a Lease of its own. */
    private LeaseElector group(int i) {
        FakeLeaseClient lease = new FakeLeaseClient();
        leases.add(lease);
        LeaseElector elector =
                new LeaseElector(
                        settings(ME).forLease(leaseName + "-g" + i),
                        lease,
                        LeaseWatchSource.NONE,
                        gate,
                        ElectionEvents.NONE,
                        clock);
        spread.add(elector, leaseName + "-g" + i);
        electors.add(elector);
        return elector;
    }

    @Test
    void anUnderLoadedReplicaAsksTheBusiestHolderForOneLeaseAtATime() {
        for (int i = 0; i < 3; i++) {
            group(i);
            leases.get(i).externalWrite(heldBy(OTHER, 15, Instant.EPOCH, 1));
        }
        electors.forEach(LeaseElector::step);
        assertEquals(OTHER, electors.get(0).liveHolder());

        assertTrue(spread.askIfUnderLoaded(), "3 - 0 >= 2: ask");
        LeaseRecord asked = leases.get(0).stored();
        assertEquals(ME, asked.preferredHolder());
        assertEquals(LeaseRecord.STRATEGY_FOR_PREFERENCE, asked.strategy());
        assertEquals(OTHER, asked.holderIdentity(), "a request, not a claim");
        assertNull(leases.get(1).stored().preferredHolder());

        electors.forEach(LeaseElector::step); // the elector sees its request
        assertFalse(spread.askIfUnderLoaded(), "one request at a time");
        assertNull(leases.get(1).stored().preferredHolder());
    }

    @Test
    void loadsWithinOneAreLeftAlone() {
        for (int i = 0; i < 3; i++) {
            group(i);
        }
        leases.get(0).externalWrite(heldBy(OTHER, 15, Instant.EPOCH, 1));
        leases.get(1).externalWrite(heldBy(OTHER, 15, Instant.EPOCH, 1));
        leases.get(2).externalWrite(heldBy("third", 15, Instant.EPOCH, 1));
        electors.forEach(LeaseElector::step);
        // We lead none, OTHER 2: 2 - 0 >= 2, ask; "third" with 1 would not be enough.
        assertTrue(spread.askIfUnderLoaded());
        assertEquals(ME, leases.get(0).stored().preferredHolder());
    }

    @Test
    void anExpiredHoldersLeasesDoNotCount() {
        for (int i = 0; i < 2; i++) {
            group(i);
            leases.get(i).externalWrite(heldBy(OTHER, 15, Instant.EPOCH, 1));
        }
        electors.forEach(LeaseElector::step);
        assertEquals(OTHER, electors.get(1).liveHolder());
        clock.advance(Duration.ofSeconds(15));
        assertEquals("", electors.get(1).liveHolder(), "expired by our clock");
    }

    @Test
    void aContenderHoldsBackItsClaimByItsLoad() {
        LeaseElector first = group(0);
        LeaseElector second = group(1);
        LeaseElector third = group(2);
        first.step(); // creates: nothing held yet, no hold-back
        assertTrue(first.state().isLeader());
        long holdBack = spread.holdBackNanos(0); // a tie-break of 0
        assertEquals(RETRY.toNanos(), holdBack, "one Lease led: one retry period");

        second.step();
        assertFalse(second.state().isLeader(), "held back by the Lease we lead");
        assertEquals(0, leases.get(1).creates);
        clock.advance(Duration.ofNanos(RETRY.toNanos() + RETRY.toNanos() / 2));
        second.step();
        assertTrue(second.state().isLeader(), "claims once held back long enough\n" + log());

        third.step();
        assertFalse(third.state().isLeader());
        clock.advance(Duration.ofNanos(RETRY.toNanos() + RETRY.toNanos() / 2));
        third.step();
        assertFalse(third.state().isLeader(), "two Leases led: two retry periods");
        clock.advance(RETRY);
        third.step();
        assertTrue(third.state().isLeader());
    }

    @Test
    void aPlannedHandOverToUsIsNeverHeldBack() {
        LeaseElector first = group(0);
        LeaseElector second = group(1);
        first.step();
        leases.get(1)
                .externalWrite(new LeaseRecord("", 1, Instant.EPOCH, Instant.EPOCH, 3, ME, "s"));
        second.step();
        assertTrue(second.state().isLeader(), "preferredHolder names us: claim at once");
        assertNull(leases.get(1).stored().preferredHolder(), "a new term drops the hint");
    }
}
