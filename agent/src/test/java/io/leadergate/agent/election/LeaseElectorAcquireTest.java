package io.leadergate.agent.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Contending: create, free leases, and expiry judged on local observation time only. */
class LeaseElectorAcquireTest extends ElectorFixture {

    @Test
    void createsAMissingLeaseAndOpensTheGate() {
        LeaseElector elector = elector(ME);
        long sent = clock.nanoTime();
        elector.step();

        assertEquals(1, api.creates);
        LeaseRecord created = api.stored();
        assertEquals(ME, created.holderIdentity());
        assertEquals(0, created.leaseTransitions());
        assertEquals(15, created.leaseDurationSeconds());
        assertEquals(clock.now(), created.acquireTime());
        assertEquals(created.acquireTime(), created.renewTime());
        assertTrue(elector.state().isLeader());
        assertEquals(sent + RENEW_DEADLINE.toNanos(), gate.deadline());
        assertTrue(
                log().contains(
                                "became leader of lease shop/"
                                        + leaseName
                                        + " as me (transitions 0)"),
                log());
    }

    @Test
    void takesAFreeLeaseWithEmptyHolderAtOnce() {
        api.externalWrite(new LeaseRecord("", 1, FakeClock.EPOCH, FakeClock.EPOCH, 4, null, null));
        LeaseElector elector = elector(ME);
        elector.step();

        assertTrue(elector.state().isLeader());
        assertEquals(
                5, api.stored().leaseTransitions(), "a change of holder counts as a transition");
        assertEquals(ME, api.stored().holderIdentity());
    }

    @Test
    void takesAFreeLeaseWithNullHolderAtOnce() {
        api.externalWrite(new LeaseRecord(null, 0, null, null, 0, null, null));
        LeaseElector elector = elector(ME);
        elector.step();

        assertTrue(elector.state().isLeader());
        assertEquals(1, api.stored().leaseTransitions());
        assertEquals(0, api.creates);
    }

    @Test
    void anAncientRenewTimeStillBlocksForTheFullDurationAfterFirstObservation() {
        Instant longAgo = Instant.parse("2020-01-01T00:00:00Z"); // a skewed or stale remote clock
        api.externalWrite(heldBy(OTHER, 15, longAgo, 2));
        LeaseElector elector = elector(ME);

        elector.step();
        assertFalse(
                elector.state().isLeader(),
                "remote renewTime must never be compared with the local clock");
        clock.advance(Duration.ofMillis(14_999));
        elector.step();
        assertFalse(elector.state().isLeader());
        assertEquals(0, api.updates);

        clock.advance(Duration.ofMillis(1));
        elector.step();
        assertTrue(elector.state().isLeader());
        assertEquals(3, api.stored().leaseTransitions());
    }

    @Test
    void aRecordThatKeepsChangingKeepsBlocking() {
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 0));
        LeaseElector elector = elector(ME);
        for (int i = 0; i < 30; i++) {
            elector.step();
            assertFalse(elector.state().isLeader());
            clock.advance(Duration.ofSeconds(5));
            api.externalWrite(heldBy(OTHER, 15, clock.now(), 0)); // the holder renews
        }
        elector.step(); // observes the last renewal
        clock.advance(Duration.ofSeconds(15));
        elector.step();
        assertTrue(elector.state().isLeader());
    }

    @Test
    void expiryUsesTheRecordsDurationNotOurs() {
        api.externalWrite(heldBy(OTHER, 30, clock.now(), 0));
        LeaseElector elector = elector(ME);
        elector.step();
        clock.advance(Duration.ofSeconds(20));
        elector.step();
        assertFalse(elector.state().isLeader(), "the holder asked for 30 s");
        clock.advance(Duration.ofSeconds(10));
        elector.step();
        assertTrue(elector.state().isLeader());
        assertEquals(15, api.stored().leaseDurationSeconds(), "we write our own duration");
    }

    @Test
    void aRecordNamingUsIsRenewedKeepingAcquireTimeAndTransitions() {
        Instant acquired = Instant.parse("2026-01-30T09:00:00.123456Z");
        api.externalWrite(
                new LeaseRecord(ME, 15, acquired, acquired, 7, null, null)); // we restarted
        LeaseElector elector = elector(ME);
        elector.step();

        assertTrue(elector.state().isLeader());
        assertEquals(7, api.stored().leaseTransitions());
        assertEquals(acquired, api.stored().acquireTime());
        assertEquals(clock.now(), api.stored().renewTime());
    }

    @Test
    void preservesStrategyAndPreferredHolderItRead() {
        api.externalWrite(
                new LeaseRecord("", 1, null, null, 1, "someone", "OldestEmulationVersion"));
        LeaseElector elector = elector(ME);
        elector.step();
        assertEquals("OldestEmulationVersion", api.stored().strategy());
        assertEquals("someone", api.stored().preferredHolder());
    }

    @Test
    void reportsEachNewLeaderOnce() {
        java.util.List<String> leaders = new java.util.ArrayList<>();
        LeaseElector elector =
                elector(
                        ME,
                        new ElectionEvents() {
                            @Override
                            public void onNewLeader(String identity) {
                                leaders.add(identity);
                            }
                        });
        for (int i = 0; i < 3; i++) {
            api.externalWrite(heldBy("a", 15, clock.now(), 0));
            elector.step();
            clock.advance(Duration.ofSeconds(2));
        }
        api.externalWrite(heldBy("b", 15, clock.now(), 1));
        elector.step();

        assertEquals(java.util.List.of("a", "b"), leaders);
        assertEquals(1, logLines("new leader is a"));
        assertEquals(1, logLines("new leader is b"));
        assertEquals("b", elector.state().holderIdentity());
    }

    @Test
    void aPollingContendersPauseIsClientGosJitteredRetryPeriod() {
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 0));
        LeaseElector elector = elector(ME);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 200; i++) { // no time passes: the holder's lease runs throughout
            long pause = elector.step();
            min = Math.min(min, pause);
            max = Math.max(max, pause);
        }
        // wait.Jitter(retryPeriod, 1.2) = retryPeriod + rand × 1.2 × retryPeriod
        assertTrue(min >= RETRY.toNanos(), "min " + min);
        assertTrue(max < RETRY.toNanos() * 22 / 10, "max " + max);
        assertTrue(
                max > RETRY.toNanos() * 12 / 10,
                "200 pauses all under 1.2 × retry: not client-go's jitter; max " + max);
    }

    @Test
    void aHolderIdentityReadFromTheLeaseCannotForgeLogLines() {
        String forged =
                "evil\r\n[leadergate] 2026-01-01T00:00:00Z INFO became leader of lease shop/x as me\u0007";
        api.externalWrite(heldBy(forged, 15, clock.now(), 0));
        LeaseElector elector = elector(ME);
        elector.step();

        assertFalse(log().lines().anyMatch(l -> l.startsWith("[leadergate] 2026-01-01")), log());
        assertEquals(
                1,
                logLines(
                        "new leader is evil\\r\\n[leadergate] 2026-01-01T00:00:00Z INFO became leader"),
                log());
        assertTrue(log().contains("as me\\u0007 (lease shop/"), log());
    }

    @Test
    void aReCreatedLeaseContinuesTheTransitionsItsCreatorHadSeenSoTheFencingTokenNeverGoesBack() {
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 7));
        LeaseElector elector = elector(ME);
        elector.step();
        assertEquals(7, elector.state().leaseTransitions());
        api.delete(); // kubectl delete lease; its holder's tokens up to 7 are in a downstream store

        clock.advance(RETRY);
        elector.step();

        assertTrue(elector.state().isLeader());
        assertEquals(
                8,
                api.stored().leaseTransitions(),
                "a new term above every term this replica has seen");
        assertEquals(8, elector.state().leaseTransitions(), "the fencing token of the new term");
    }
}
