package io.leadergate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * This test JVM has no agent: no LeadershipView on the bootstrap class path, so every answer is
 * "not leader".
 */
class LeadershipWithoutAgentTest {

    @Test
    void theBootstrapViewIsAbsentHere() {
        // Guards the test itself: with a view on the bootstrap path the assertions below would
        // prove nothing.
        assertThrows(
                ClassNotFoundException.class,
                () -> Class.forName("io.leadergate.bootstrap.LeadershipView", false, null));
    }

    @Test
    void everyAnswerIsNotLeader() {
        assertFalse(Leadership.isLeader());
        assertTrue(Leadership.currentLeader().isEmpty());
        assertEquals(Leadership.NO_FENCING_TOKEN, Leadership.fencingToken());
        assertFalse(Leadership.verify());
        assertFalse(Leadership.isLeader("billing"));
        assertTrue(Leadership.currentLeader("billing").isEmpty());
        assertEquals(Leadership.NO_FENCING_TOKEN, Leadership.fencingToken("billing"));
        assertFalse(Leadership.verify("billing"));
        assertTrue(Leadership.currentLeader(null).isEmpty(), "null is no group");
    }
}
