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
    void eachGroupsLeaderAndLiveCheckAreItsOwn() {
        int reports = 6;
        AtomicInteger reads = new AtomicInteger();
        assertEquals("", LeadershipView.currentLeader("reports"), "not published");
        assertFalse(LeadershipView.verify("reports"));
        LeadershipView.publishGroup(
                "reports", reports, () -> "replica-b", () -> reads.incrementAndGet() > 0);
        LeadershipView.publish(() -> "replica-a", () -> true);
        try {
            assertEquals("replica-b", LeadershipView.currentLeader("reports"));
            assertEquals("replica-a", LeadershipView.currentLeader());
            assertFalse(LeadershipView.verify("reports"), "its gate is shut");
            assertEquals(0, reads.get(), "no API call when the group's gate says not leader");
            openGate(); // the default group's gate says nothing about reports
            assertFalse(LeadershipView.verify("reports"));
            Gate.grantUntil(reports, System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
            assertTrue(LeadershipView.verify("reports"));
            assertEquals(1, reads.get());
            assertFalse(LeadershipView.verify("billing"), "a group not elected here");
            assertEquals("", LeadershipView.currentLeader("billing"));
        } finally {
            Gate.revoke(reports);
            LeadershipView.publishGroup("reports", reports, null, null);
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
