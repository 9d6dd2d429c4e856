package io.leadergate.agent.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.config.LossAction;
import io.leadergate.agent.election.RecordingGate;
import io.leadergate.agent.election.SystemClock;
import io.leadergate.bootstrap.Gate;
import io.leadergate.bootstrap.InFlightCalls;
import io.leadergate.testsupport.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each closing of the gate after a grant reaches {@link LossReaction} exactly once, whether the
 * elector revokes or the deadline passes unrenewed, and each mode does what it says.
 */
class GateClosingWatchTest {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final List<Integer> halts = new CopyOnWriteArrayList<>();
    private final RecordingGate recordingGate = new RecordingGate(SystemClock.INSTANCE);

    @AfterEach
    void closeGate() {
        Gate.revoke();
    }

    private GateClosingWatch watch(LossAction action) {
        return new GateClosingWatch(
                recordingGate,
                new LossReaction(action, halts::add),
                () -> recordingGate.deadline() - System.nanoTime());
    }

    @Test
    void exitHaltsOnceWithStatusOneWhenTheElectorRevokesAfterAGrant() {
        GateClosingWatch watch = watch(LossAction.EXIT);
        watch.revoke(); // never granted: a follower's revoke is no loss
        assertEquals(List.of(), halts);

        watch.grantUntil(System.nanoTime() + MINUTE);
        watch.revoke();
        watch.revoke();
        assertEquals(List.of(LossReaction.EXIT_STATUS), halts, "one halt per closing");
        assertEquals(1, LossReaction.EXIT_STATUS);

        watch.grantUntil(System.nanoTime() + MINUTE);
        watch.revoke();
        assertEquals(List.of(1, 1), halts, "a new grant re-arms the watch");
    }

    @Test
    void theWatchdogActsWhenTheDeadlinePassesWithoutARenewal() throws Exception {
        GateClosingWatch watch = watch(LossAction.EXIT);
        Thread watchdog = new Thread(watch, GateClosingWatch.THREAD_NAME + "-test");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            watch.grantUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200));
            awaitHalts(1);
            watch.revoke(); // the elector noticing later finds the closing handled
            watch.grantUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));
            awaitHalts(2);
            assertEquals(List.of(1, 1), halts);
        } finally {
            watchdog.interrupt();
        }
    }

    @Test
    void aRenewalLandingBetweenTheWatchdogsReadAndItsActionIsNoLoss() {
        GateClosingWatch watch = watch(LossAction.EXIT);
        watch.grantUntil(System.nanoTime() - 1); // the watchdog reads this deadline as passed...
        watch.grantUntil(System.nanoTime() + MINUTE); // ...and a renewal lands before it acts
        watch.deadlinePassed();
        assertEquals(List.of(), halts, "the renewed term is no closing");

        recordingGate.grantUntil(
                System.nanoTime() - 1); // the renewed term's deadline passes in turn
        watch.deadlinePassed();
        assertEquals(
                List.of(LossReaction.EXIT_STATUS),
                halts,
                "the watch stayed armed for the renewed term");
    }

    @Test
    void renewalsBeforeTheDeadlineKeepTheWatchdogQuiet() throws Exception {
        GateClosingWatch watch = watch(LossAction.EXIT);
        Thread watchdog = new Thread(watch, GateClosingWatch.THREAD_NAME + "-test");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            for (int renewal = 0; renewal < 10; renewal++) {
                watch.grantUntil(System.nanoTime() + MINUTE);
                Thread.sleep(20);
            }
            assertEquals(List.of(), halts, "no closing, no reaction");
        } finally {
            watchdog.interrupt();
        }
    }

    @Test
    void interruptReachesTheThreadInsideAGatedCallAndContinueDoesNothing() throws Exception {
        Gate.grantUntil(System.nanoTime() + MINUTE);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread worker =
                new Thread(
                        () -> {
                            assertTrue(InFlightCalls.admit(0));
                            try {
                                inside.countDown();
                                TimeUnit.MINUTES.sleep(1);
                            } catch (InterruptedException expected) {
                                interrupted.countDown();
                            } finally {
                                InFlightCalls.leave(0);
                            }
                        },
                        "gated-worker");
        worker.start();
        assertTrue(inside.await(30, TimeUnit.SECONDS));

        GateClosingWatch keepGoing = watch(LossAction.CONTINUE);
        keepGoing.grantUntil(System.nanoTime() + MINUTE);
        keepGoing.revoke();
        assertEquals(1, interrupted.getCount(), "continue leaves running calls alone");

        GateClosingWatch interrupting = watch(LossAction.INTERRUPT);
        interrupting.grantUntil(System.nanoTime() + MINUTE);
        interrupting.revoke();
        assertTrue(interrupted.await(30, TimeUnit.SECONDS), "interrupt reached the gated call");
        worker.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(List.of(), halts);
    }

    private void awaitHalts(int count) throws InterruptedException {
        Await.until(
                count + " halts",
                Duration.ofSeconds(30),
                () -> halts.size() >= count,
                () -> "halts: " + halts);
        assertEquals(count, halts.size(), "halts: " + halts);
    }
}
