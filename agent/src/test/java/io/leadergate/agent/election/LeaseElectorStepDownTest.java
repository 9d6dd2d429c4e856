package io.leadergate.agent.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * stepDown(): gate closed at once, Lease released on the next turn, a rest of one lease duration,
 * then contending again.
 */
class LeaseElectorStepDownTest extends ElectorFixture {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ElectionEvents recorder =
            new ElectionEvents() {
                @Override
                public void onStartedLeading(LeadershipState state) {
                    events.add("started");
                }

                @Override
                public void onStoppedLeading(LeadershipState state, String why) {
                    events.add("stopped");
                }
            };

    @Test
    void stepDownClosesTheGateAtOnceAndReleasesOnTheNextTurn() {
        LeaseElector elector = elector(ME, recorder);
        elector.step();
        assertTrue(elector.state().isLeader());
        int transitions = api.stored().leaseTransitions();

        assertTrue(elector.stepDown());

        assertFalse(gate.isOpen(), "the gate closes in the calling thread, before any API call");
        assertEquals(
                ME,
                api.stored().holderIdentity(),
                "the release happens on the elector's next turn");
        long pause = elector.step();
        LeaseRecord released = api.stored();
        assertEquals("", released.holderIdentity());
        assertEquals(transitions, released.leaseTransitions());
        assertTrue(
                pause >= LEASE_DURATION.toNanos(), "rests at least one lease duration: " + pause);
        assertFalse(elector.state().isLeader());
        assertNull(elector.state().leaderSince());
        assertEquals(List.of("started", "stopped"), events);
        assertTrue(log().contains("stepped down from lease shop/" + leaseName), log());
    }

    @Test
    void anotherReplicaTakesOverWhileTheSteppedDownOneRests() {
        LeaseElector me = elector(ME, recorder);
        LeaseElector other =
                new LeaseElector(
                        settings(OTHER),
                        api,
                        LeaseWatchSource.NONE,
                        new RecordingGate(clock),
                        ElectionEvents.NONE,
                        clock);
        me.step();
        other.step(); // sees ME holding a fresh lease: waits
        assertFalse(other.state().isLeader());

        me.stepDown();
        long rest = me.step();
        clock.advance(RETRY);
        other.step();
        assertTrue(
                other.state().isLeader(),
                "a free Lease is taken on the contender's next turn, without expiry");
        assertEquals(OTHER, api.stored().holderIdentity());

        clock.advanceNanos(rest);
        me.step();
        assertFalse(
                me.state().isLeader(),
                "after its rest the stepped-down replica contends, and OTHER holds the lease");
        assertEquals(OTHER, me.state().holderIdentity());
        assertFalse(gate.isOpen());
    }

    @Test
    void aLoneReplicaLeadsAgainAfterItsRest() {
        LeaseElector elector = elector(ME, recorder);
        elector.step();
        int transitions = api.stored().leaseTransitions();
        elector.stepDown();
        long rest = elector.step();
        clock.advanceNanos(rest);
        elector.step();
        assertTrue(elector.state().isLeader());
        assertTrue(gate.isOpen());
        assertEquals(
                transitions + 1, api.stored().leaseTransitions(), "a new term after a release");
        assertEquals(List.of("started", "stopped", "started"), events);
    }

    @Test
    void stepDownOnAFollowerOrAfterStopDoesNothing() {
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 0));
        LeaseElector follower = elector(ME, recorder);
        follower.step();
        api.resetCounts();
        assertFalse(follower.stepDown());
        clock.advance(Duration.ofSeconds(1));
        follower.step();
        assertEquals(0, api.updates);
        assertEquals(OTHER, api.stored().holderIdentity());

        follower.stop();
        assertFalse(follower.stepDown());
        assertTrue(events.isEmpty());
    }

    @Test
    void stopRightAfterStepDownReportsTheLossOnceAndReleases() {
        LeaseElector elector = elector(ME, recorder);
        elector.step();
        elector.stepDown();
        elector.stop();
        assertEquals("", api.stored().holderIdentity());
        assertEquals(List.of("started", "stopped"), events);
    }

    /**
     * What {@code kubectl patch lease NAME --type=merge -p
     * '{"spec":{"strategy":...,"preferredHolder":"ID"}}'} writes.
     */
    private void patchPreferredHolder(String preferred) {
        LeaseRecord r = api.stored();
        api.externalWrite(
                new LeaseRecord(
                        r.holderIdentity(),
                        r.leaseDurationSeconds(),
                        r.acquireTime(),
                        r.renewTime(),
                        r.leaseTransitions(),
                        preferred,
                        "OldestEmulationVersion"));
    }

    @Test
    void aNewTermDoesNotInheritThePreviousTermsPreferredHolder() {
        api.externalWrite(
                new LeaseRecord("", 1, clock.now(), clock.now(), 4, ME, "OldestEmulationVersion"));
        LeaseElector elector = elector(ME);
        elector.step();
        assertTrue(elector.state().isLeader());
        assertNull(
                api.stored().preferredHolder(),
                "the hint named the term that just began; it is spent");
        assertEquals(
                "OldestEmulationVersion",
                api.stored().strategy(),
                "the strategy belongs to the Lease");
    }

    @Test
    void aPreferredHolderNamingAnotherIdentityMakesTheLeaderHandOverAsOnAStepDown() {
        LeaseElector elector = elector(ME, recorder);
        elector.step();
        assertTrue(elector.state().isLeader());
        patchPreferredHolder(OTHER);

        clock.advance(RETRY);
        elector.step(); // the renew meets the patch (409), reads it, renews, and starts handing
        // over
        assertFalse(gate.isOpen(), "the gate closes as on a step-down");
        long rest = elector.step(); // no calls in flight: released on the next turn

        assertEquals("", api.stored().holderIdentity(), "released for the preferred holder");
        assertEquals(
                OTHER,
                api.stored().preferredHolder(),
                "the release keeps the hint for the contenders");
        assertTrue(rest >= LEASE_DURATION.toNanos(), "then rests like a step-down: " + rest);
        assertEquals(List.of("started", "stopped"), events);
        assertEquals(1, logLines("names preferred holder other"), log());
    }

    @Test
    void contendersOtherThanThePreferredOneGiveItOneRetryPeriodToClaimFirst() {
        api.externalWrite(
                new LeaseRecord(
                        "", 1, clock.now(), clock.now(), 4, "preferred", "OldestEmulationVersion"));
        LeaseElector elector = elector(ME);
        long pause = elector.step();
        assertFalse(
                elector.state().isLeader(),
                "a released Lease with another preferred holder is left to it");
        assertTrue(pause <= RETRY.toNanos() * 22 / 10, "pause " + pause);

        clock.advance(RETRY.minusMillis(1));
        elector.step();
        assertFalse(elector.state().isLeader());

        clock.advance(Duration.ofMillis(1)); // the preferred one did not come within a retry period
        elector.step();
        assertTrue(elector.state().isLeader());
        assertNull(api.stored().preferredHolder());
    }

    @Test
    void thePreferredHolderTakesAReleasedLeaseAtOnce() {
        api.externalWrite(
                new LeaseRecord("", 1, clock.now(), clock.now(), 4, ME, "OldestEmulationVersion"));
        LeaseElector elector = elector(ME);
        elector.step();
        assertTrue(elector.state().isLeader());
    }
}
