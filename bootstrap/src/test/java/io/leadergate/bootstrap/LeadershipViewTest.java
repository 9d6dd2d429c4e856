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
