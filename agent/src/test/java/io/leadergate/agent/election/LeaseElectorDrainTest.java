package io.leadergate.agent.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.testsupport.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Graceful hand-over with gated calls in flight: stop() and stepDown() shut the gate, keep
 * renewing, and release only once the last admitted call has ended; past the drain bound stop()
 * keeps the Lease (one warning) and stepDown() is abandoned. The test thread plays the elector
 * thread ({@code step()}); stop() and the step-down drain wait on the fake clock in their own
 * threads.
 */
class LeaseElectorDrainTest extends ElectorFixture {

    private static final Duration REAL_PATIENCE = Duration.ofSeconds(10);

    @Test
    void stopReleasesOnlyAfterTheLastGatedCallHasEndedAndRenewsMeanwhile() throws Exception {
        LeaseElector elector = elector(ME);
        elector.step();
        assertTrue(gate.isOpen());
        callsInFlight.set(2);

        Thread stopping = inBackground("stop", elector::stop);
        awaitReal(
                "stop() to wait for the calls",
                () ->
                        log().contains(
                                                "stopping: waiting up to 30000 ms for 2 gated calls to finish before releasing lease shop/"
                                                        + leaseName)
                                && isWaiting(stopping));
        assertFalse(gate.isOpen(), "no new gated call is admitted once stopping");
        int grants = gate.count("grant");
        int updates = api.updates;
        for (int turn = 0;
                turn < 6;
                turn++) { // 12 s: past the renew deadline, so only renewals keep us leading
            clock.advance(RETRY);
            elector.step();
        }
        assertEquals(updates + 6, api.updates, "the leader renewed while the calls drained");
        assertTrue(elector.state().isLeader());
        assertEquals(ME, api.stored().holderIdentity(), "not released while calls run");
        assertEquals(grants, gate.count("grant"), "renewals no longer reach the gate");
        assertFalse(gate.isOpen());
        assertTrue(stopping.isAlive());

        callsInFlight.set(0);
        advanceDrainPollsUntil("stop() to return", () -> !stopping.isAlive());

        assertFalse(stopping.isAlive(), "stop() returned once the calls ended");
        assertEquals("", api.stored().holderIdentity(), "released");
        assertFalse(gate.isOpen());
        assertTrue(log().contains("stopping: the gated calls in flight finished after"), log());
        assertEquals(0, logLines("WARN"), log());
    }

    @Test
    void callsOutlastingTheDrainBoundKeepTheLeaseRenewedWithTheGateShut() throws Exception {
        LeaseElector elector = elector(ME);
        elector.step();
        callsInFlight.set(1);

        Thread stopping = inBackground("stop", elector::stop);
        awaitReal(
                "stop() to wait for the call",
                () -> log().contains("stopping: waiting up to 30000 ms") && isWaiting(stopping));
        for (Duration waited = Duration.ZERO;
                waited.compareTo(DRAIN.plus(RETRY)) <= 0;
                waited = waited.plus(RETRY)) {
            clock.advance(RETRY);
            elector.step();
        }
        stopping.join(REAL_PATIENCE.toMillis());

        assertFalse(stopping.isAlive(), "stop() returns after the drain bound");
        assertEquals(ME, api.stored().holderIdentity(), "never released while a call may run");
        assertEquals(
                1,
                logLines(
                        "1 gated call still running after 30000 ms (leadergate.shutdown.drain): keeping lease shop/"
                                + leaseName
                                + " until this JVM exits"),
                log());
        assertEquals(1, logLines("WARN"), "one warning for the event: " + log());
        assertTrue(elector.state().isLeader());

        int updates = api.updates;
        clock.advance(RETRY);
        elector.step();
        assertEquals(updates + 1, api.updates, "the elector goes on renewing until the JVM halts");
        assertFalse(gate.isOpen(), "and the gate stays shut for good");
        assertEquals(ME, api.stored().holderIdentity());
    }

    @Test
    void noReleaseWhileCallsRunEvenAfterLeadershipWasLost() {
        LeaseElector elector = elector(ME);
        elector.step();
        callsInFlight.set(1); // on.loss=continue: a call admitted in the lost term goes on
        api.failAlways = LeaseApiException.ofStatus(503, "unavailable (fake)");
        for (int turn = 0; turn < 6 && elector.state().isLeader(); turn++) {
            clock.advance(RETRY);
            elector.step();
        }
        assertFalse(elector.state().isLeader(), "renew deadline passed");
        api.failAlways = null;
        api.resetCounts();

        elector.stop(); // not leading: nothing to wait for, but the record still names us

        assertEquals(0, api.updates, "no release while the call runs: " + log());
        assertEquals(ME, api.stored().holderIdentity());
        assertEquals(
                1,
                logLines("not releasing lease shop/" + leaseName + ": 1 gated call still running"),
                log());
    }

    @Test
    void stepDownHandsOverOnlyAfterTheCallsInFlightHaveEnded() throws Exception {
        LeaseElector elector = elector(ME);
        elector.step();
        callsInFlight.set(1);

        assertTrue(elector.stepDown());
        assertFalse(gate.isOpen(), "the gate closes at once");
        assertFalse(elector.stepDown(), "already stepping down");
        awaitReal(
                "the step-down to wait for the call",
                () -> log().contains("stepping down: waiting up to 30000 ms for 1 gated call"));
        clock.advance(RETRY);
        elector.step();
        assertEquals(
                ME, api.stored().holderIdentity(), "a renewal, not a release, while the call runs");
        assertTrue(elector.state().isLeader());
        assertFalse(gate.isOpen());

        callsInFlight.set(0);
        advanceDrainPollsUntil(
                "the step-down drain to end", () -> !threadAlive("leadergate-step-down"));
        long rest = elector.step();

        assertEquals("", api.stored().holderIdentity(), "released on the turn after the drain");
        assertTrue(rest >= LEASE_DURATION.toNanos(), "then rests a lease duration: " + rest);
        assertFalse(elector.state().isLeader());
        assertFalse(gate.isOpen());
    }

    @Test
    void aStepDownThatCannotDrainIsAbandonedAndLeadershipGoesOn() throws Exception {
        LeaseElector elector = elector(ME);
        elector.step();
        callsInFlight.set(1);

        assertTrue(elector.stepDown());
        awaitReal(
                "the step-down to wait",
                () -> log().contains("stepping down: waiting up to 30000 ms"));
        for (Duration waited = Duration.ZERO;
                waited.compareTo(DRAIN.plus(RETRY)) <= 0;
                waited = waited.plus(RETRY)) {
            clock.advance(RETRY);
            elector.step();
        }
        awaitReal("the step-down drain to give up", () -> !threadAlive("leadergate-step-down"));
        assertEquals(
                1,
                logLines(
                        "step-down from lease shop/"
                                + leaseName
                                + " abandoned: 1 gated call still running"),
                log());

        clock.advance(RETRY);
        elector.step();
        assertTrue(gate.isOpen(), "the next renewal reopens the gate");
        assertTrue(elector.state().isLeader());
        assertEquals(ME, api.stored().holderIdentity());
    }

    @Test
    void stopDuringAStepDownDrainReleasesOnceAndNeverReopensTheGate() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        LeaseElector elector =
                elector(
                        ME,
                        new ElectionEvents() {
                            @Override
                            public void onStoppedLeading(LeadershipState state, String why) {
                                events.add("stopped");
                            }
                        });
        elector.step();
        int grants = gate.count("grant");
        callsInFlight.set(1);
        assertTrue(elector.stepDown());
        Thread stopping = inBackground("stop", elector::stop);
        awaitReal(
                "both to wait",
                () ->
                        log().contains("stopping: waiting")
                                && log().contains("stepping down: waiting"));

        callsInFlight.set(0);
        advanceDrainPollsUntil(
                "stop() and the step-down drain to end",
                () -> !stopping.isAlive() && !threadAlive("leadergate-step-down"));

        assertFalse(stopping.isAlive());
        assertEquals("", api.stored().holderIdentity());
        assertEquals(grants, gate.count("grant"), "the gate was never reopened");
        assertFalse(gate.isOpen());
        assertEquals(List.of("stopped"), events);
    }

    private static Thread inBackground(String name, Runnable action) {
        Thread thread = new Thread(action, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Blocked in the fake clock's sleep (or any other wait). */
    private static boolean isWaiting(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    /**
     * Moves the fake clock one drain poll at a time, and only while a drain sleeps on it, until
     * {@code condition} holds: an advance made before the drain went back to sleep would be lost
     * (it would then sleep a full poll from the new time), which made these tests hang under load.
     */
    private void advanceDrainPollsUntil(String what, BooleanSupplier condition) {
        awaitReal(
                what,
                () -> {
                    if (clock.sleepers() > 0) {
                        clock.advanceNanos(ElectionSettings.DRAIN_POLL.toNanos());
                    }
                    return condition.getAsBoolean();
                });
    }

    private void awaitReal(String what, BooleanSupplier condition) {
        Await.until(what, REAL_PATIENCE, condition, this::log);
    }
}
