package io.leadergate.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeadershipViewTest {

    @AfterEach
    void reset() {
        Gate.revoke();
        LeadershipView.endTerm();
        LeadershipView.publish(null, null);
    }

    private static void openGate() {
        Gate.grantUntil(System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
    }

    @Test
    void beforeTheAgentPublishesEverythingSaysNotLeader() {
        assertFalse(LeadershipView.isLeader());
        assertEquals("", LeadershipView.currentLeader());
        assertEquals(LeadershipView.NO_TOKEN, LeadershipView.fencingToken());
        assertFalse(LeadershipView.verify());
    }

    @Test
    void isLeaderAndTheTokenFollowTheGate() {
        LeadershipView.startTerm(7);
        assertEquals(
                LeadershipView.NO_TOKEN,
                LeadershipView.fencingToken(),
                "no token while the gate is closed");
        openGate();
        assertTrue(LeadershipView.isLeader());
        assertEquals(7, LeadershipView.fencingToken());
        Gate.revoke();
        assertFalse(LeadershipView.isLeader());
        assertEquals(
                LeadershipView.NO_TOKEN,
                LeadershipView.fencingToken(),
                "a lapsed gate hides the token at once");
    }

    @Test
    void eachGroupAnswersFromItsOwnGateAndTerm() {
        int billing = 5;
        assertFalse(LeadershipView.isLeader("billing"), "not published: not elected here");
        Gate.grantUntil(billing, System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        LeadershipView.startTerm(billing, 9);
        assertFalse(LeadershipView.isLeader("billing"), "an open gate of an unknown group");
        assertEquals(LeadershipView.NO_TOKEN, LeadershipView.fencingToken("billing"));
        try {
            LeadershipView.publishGroup("billing", billing);
            assertTrue(LeadershipView.isLeader("billing"));
            assertEquals(9, LeadershipView.fencingToken("billing"));
            assertFalse(LeadershipView.isLeader(), "the default group's gate is its own");
            assertFalse(LeadershipView.isLeader(""));
            assertFalse(LeadershipView.isLeader("reports"));
            openGate();
            LeadershipView.startTerm(0, 3);
            assertTrue(LeadershipView.isLeader("default"));
            assertEquals(3, LeadershipView.fencingToken(""));
            Gate.revoke(billing);
            assertFalse(LeadershipView.isLeader("billing"));
            assertEquals(LeadershipView.NO_TOKEN, LeadershipView.fencingToken("billing"));
            assertTrue(LeadershipView.isLeader(""), "other groups go on");
        } finally {
            Gate.revoke(billing);
            LeadershipView.endTerm(billing);
            LeadershipView.endTerm(0);
        }
    }

    @Test
    void theGateOpeningBeforeTheTermIsRecordedYieldsNoToken() {
        openGate();
        assertEquals(LeadershipView.NO_TOKEN, LeadershipView.fencingToken());
    }

    @Test
    void verifyAsksTheAgentOnlyWhileTheGateIsOpen() {
        AtomicInteger reads = new AtomicInteger();
        LeadershipView.publish(() -> "me", () -> reads.incrementAndGet() > 0);
        assertEquals("me", LeadershipView.currentLeader());
        assertFalse(LeadershipView.verify());
        assertEquals(0, reads.get(), "no API call when the gate already says not leader");
        openGate();
        assertTrue(LeadershipView.verify());
        assertEquals(1, reads.get());
    }

    @Test
    void aFailingSourceAnswersNotLeader() {
        LeadershipView.publish(
                () -> {
                    throw new IllegalStateException("boom");
                },
                () -> {
                    throw new IllegalStateException("boom");
                });
        openGate();
        assertEquals("", LeadershipView.currentLeader());
        assertFalse(LeadershipView.verify());
    }

    @Test
    void aReadThatOutlivesTheGateIsNotTrusted() {
        openGate();
        LeadershipView.publish(
                () -> "me",
                () -> {
                    Gate.revoke(); // the term ends while the GET is in flight
                    return true;
                });
        assertFalse(LeadershipView.verify());
    }
}
