package io.leadergate.agent.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Leading: renew on the cached object, fall back to GET, lose at the renew deadline, come back. */
class LeaseElectorRenewTest extends ElectorFixture {

    private final List<String> events = new ArrayList<>();
    private final ElectionEvents recorder =
            new ElectionEvents() {
                @Override
                public void onStartedLeading(LeadershipState state) {
                    events.add("started:" + gate.isOpen());
                }

                @Override
                public void onStoppedLeading(LeadershipState state, String why) {
                    events.add("stopped:" + gate.isOpen() + ":" + state.isLeader());
                }
            };

    private LeaseElector leader() {
        LeaseElector elector = elector(ME, recorder);
        elector.step();
        assertTrue(elector.state().isLeader());
        api.resetCounts();
        return elector;
    }

    @Test
    void renewIsOneUpdateAndNoGet() {
        LeaseElector elector = leader();
        for (int i = 0; i < 5; i++) {
            clock.advance(RETRY);
            long sent = clock.nanoTime();
            assertEquals(
                    RETRY.toNanos(),
                    elector.step(),
                    "the leader renews every retry period, unjittered");
            assertEquals(sent + RENEW_DEADLINE.toNanos(), gate.deadline());
        }
        assertEquals(5, api.updates);
        assertEquals(0, api.gets);
        assertEquals(0, api.stored().leaseTransitions(), "renewals are not transitions");
        assertEquals(FakeClock.EPOCH, api.stored().acquireTime());
        assertEquals(clock.now(), api.stored().renewTime());
    }

    @Test
    void aRenewAnsweredWithTheBaseResourceVersionUnchangedDoesNotExtendTheGate() {
        LeaseElector elector = leader();
        long deadline = gate.deadline();
        api.noOpUpdates = true; // 200, but nothing was written: nobody else saw a renewal
        for (int i = 0; i < 4; i++) {
            clock.advance(RETRY);
            elector.step();
            assertEquals(
                    deadline, gate.deadline(), "a no-op write extends nothing (turn " + i + ")");
        }
        clock.advance(RENEW_DEADLINE);
        elector.step();
        assertFalse(
                elector.state().isLeader(),
                "no renewal reached the server within the renew deadline");
    }

    @Test
    void aConflictOnRenewReadsAgainAndRetries() {
        LeaseElector elector = leader();
        api.externalWrite(
                api.stored()); // someone touched the object (a label): resourceVersion moved on
        clock.advance(RETRY);
        elector.step();

        assertEquals(2, api.updates);
        assertEquals(1, api.gets);
        assertTrue(elector.state().isLeader());
        assertTrue(gate.isOpen());
        assertEquals(0, api.stored().leaseTransitions());
    }

    @Test
    void anotherHolderSeenAfterAFailedRenewMeansLossAtOnce() {
        LeaseElector elector = leader();
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 1)); // e.g. the Lease was edited by hand
        clock.advance(RETRY);
        elector.step();

        assertFalse(elector.state().isLeader());
        assertFalse(gate.isOpen());
        assertEquals(List.of("started:true", "stopped:false:false"), events);
        assertTrue(log().contains("lost leadership of lease shop/" + leaseName), log());
    }

    @Test
    void failingLongerThanTheRenewDeadlineLosesThenReacquires() {
        LeaseElector elector = leader();
        long termEnd = gate.deadline();
        api.failAlways =
                LeaseApiException.ofTransport(
                        "PUT", new java.net.SocketTimeoutException("read timed out"));

        long pause = RETRY.toNanos();
        while (clock.nanoTime() + pause - termEnd < 0) {
            clock.advanceNanos(pause);
            pause = elector.step();
            assertTrue(elector.state().isLeader(), "still within the renew deadline");
            assertTrue(gate.isOpen());
        }
        assertEquals(termEnd, clock.nanoTime() + pause, "wakes exactly at the renew deadline");
        clock.advanceNanos(pause);
        assertFalse(gate.isOpen(), "the gate closes on its own deadline");
        elector.step();

        assertFalse(elector.state().isLeader());
        assertEquals(LeaseApiException.Kind.TIMEOUT, elector.state().lastError());
        assertEquals(List.of("started:true", "stopped:false:false"), events);
        assertEquals(
                1,
                logLines("cannot reach the Kubernetes API server"),
                "logged once, not per retry");

        api.failAlways = null;
        clock.advance(RETRY);
        elector.step();
        assertTrue(elector.state().isLeader(), "back to contending, and the record still names us");
        assertTrue(gate.isOpen());
        assertEquals(0, api.stored().leaseTransitions());
        assertEquals(List.of("started:true", "stopped:false:false", "started:true"), events);
    }

    @Test
    void theGateDeadlineCountsFromTheSendTimeEvenWhenTheResponseIsLate() {
        LeaseElector elector = leader();
        clock.advance(RETRY);
        long sent = clock.nanoTime();
        api.duringCall = () -> clock.advance(Duration.ofSeconds(7));
        elector.step();

        assertEquals(sent + RENEW_DEADLINE.toNanos(), gate.deadline());
        assertEquals(Duration.ofSeconds(3).toNanos(), gate.deadline() - clock.nanoTime());
    }

    @Test
    void aLateAcquireResponseCannotOpenTheGatePastSendTimePlusRenewDeadline() {
        long sent = clock.nanoTime();
        java.util.concurrent.atomic.AtomicInteger calls =
                new java.util.concurrent.atomic.AtomicInteger();
        api.duringCall =
                () -> {
                    if (calls.incrementAndGet() == 2) { // the create, after an instant GET
                        clock.advance(Duration.ofSeconds(11));
                    }
                };
        LeaseElector elector = elector(ME);
        elector.step();

        assertEquals(sent + RENEW_DEADLINE.toNanos(), gate.deadline());
        assertFalse(gate.isOpen());
    }

    @Test
    void listenerExceptionsNeverStopTheElector() {
        ElectionEvents throwing =
                new ElectionEvents() {
                    @Override
                    public void onStartedLeading(LeadershipState state) {
                        throw new IllegalStateException("boom");
                    }

                    @Override
                    public void onNewLeader(String identity) {
                        throw new IllegalStateException("boom");
                    }

                    @Override
                    public void onCall(Call call, long nanos, LeaseApiException.Kind error) {
                        throw new IllegalStateException("boom");
                    }
                };
        LeaseElector elector = elector(ME, throwing, recorder);
        elector.step();
        clock.advance(RETRY);
        elector.step();

        assertTrue(elector.state().isLeader());
        assertEquals(2, api.writes.size());
        assertEquals(List.of("started:true"), events, "the other listener still hears the event");
        assertTrue(
                log().contains("onStartedLeading failed: java.lang.IllegalStateException: boom"),
                log());
        assertEquals(1, logLines("onCall failed"), "logged once, not per call: " + log());
    }
}
