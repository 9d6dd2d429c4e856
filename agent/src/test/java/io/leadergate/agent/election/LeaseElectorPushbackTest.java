package io.leadergate.agent.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The pushback rule ({@link ElectionSettings#MAX_RETRY_AFTER_SECONDS}): after a 429 or 5xx the next
 * call waits max(Retry-After, backoff), jittered for contenders, cut for a leader so it still
 * renews before its deadline; one call per turn. Fake clock, 15 s / 10 s / 2 s.
 */
class LeaseElectorPushbackTest extends ElectorFixture {

    private static final long RETRY_NANOS = RETRY.toNanos();

    private static LeaseApiException throttled(int retryAfterSeconds) {
        return LeaseApiException.ofStatus(429, "too many requests (fake)", retryAfterSeconds);
    }

    private static long seconds(long n) {
        return TimeUnit.SECONDS.toNanos(n);
    }

    /** Asserts {@code pause} is {@code base} jittered as client-go does: [base, 2.2 × base). */
    private static void assertJittered(long base, long pause) {
        assertTrue(
                pause >= base && pause < base * 22 / 10,
                "pause " + pause + " ns is not " + base + " ns × [1, 2.2)");
    }

    @Test
    void aThrottledContenderWaitsAtLeastRetryAfterJitteredOneCallPerTurn() {
        LeaseElector elector = elector(ME);
        api.failAlways = throttled(5);
        long pause = elector.step();
        assertEquals(1, api.gets + api.creates + api.updates, "one call per turn");
        assertJittered(seconds(5), pause); // Retry-After 5 s outlasts one retry period (2 s)
        clock.advanceNanos(pause);
        pause = elector.step();
        assertJittered(seconds(5), pause); // backoff 2 retry periods = 4 s < 5 s
        clock.advanceNanos(pause);
        pause = elector.step();
        assertJittered(seconds(8), pause); // backoff 4 retry periods = 8 s > 5 s
        for (int i = 0; i < 5; i++) {
            clock.advanceNanos(pause);
            pause = elector.step();
        }
        assertJittered(8 * RETRY_NANOS, pause); // the ceiling: 8 retry periods
        assertEquals(8, api.gets + api.creates + api.updates, "one call per turn");
        assertEquals(LeaseApiException.Kind.THROTTLED, elector.state().lastError());
        assertEquals(1, logLines("throttles get of lease shop/" + leaseName), log());

        api.failAlways = null; // the server recovers: the next turn acquires, pauses are normal
        clock.advanceNanos(pause);
        elector.step();
        assertTrue(elector.state().isLeader());
        assertEquals(RETRY_NANOS, elector.step());
    }

    @Test
    void retryAfterIsHonouredUpToTheCeiling() {
        LeaseElector elector = elector(ME);
        api.failAlways = throttled(3600);
        assertJittered(seconds(ElectionSettings.MAX_RETRY_AFTER_SECONDS), elector.step());
    }

    @Test
    void serverErrorsWithoutRetryAfterBackOffExponentially() {
        LeaseElector elector = elector(ME);
        api.failAlways = LeaseApiException.ofStatus(503, "unavailable (fake)");
        long[] expected = {1, 2, 4, 8, 8};
        for (long periods : expected) {
            long pause = elector.step();
            assertJittered(periods * RETRY_NANOS, pause);
            clock.advanceNanos(pause);
        }
        assertEquals(expected.length, api.gets, "one GET per turn");
    }

    @Test
    void twentyThrottledContendersDoNotComeBackTogether() {
        Set<Long> pauses = new HashSet<>();
        api.failAlways = throttled(1);
        for (int i = 0; i < 20; i++) {
            long pause = elector("replica-" + i).step();
            assertJittered(RETRY_NANOS, pause);
            pauses.add(pause / TimeUnit.MILLISECONDS.toNanos(10));
        }
        // 20 draws over a 2.4 s spread in 10 ms slots: colliding in more than a few is ~impossible.
        assertTrue(pauses.size() >= 15, "pauses not spread: " + pauses);
    }

    @Test
    void aThrottledLeaderSendsNoSecondCallAndWaitsAsAskedButRenewsBeforeItsDeadline() {
        LeaseElector elector = elector(ME);
        assertEquals(RETRY_NANOS, elector.step());
        assertTrue(elector.state().isLeader());
        long termStart = gate.deadline() - RENEW_DEADLINE.toNanos();
        clock.advance(RETRY);
        api.resetCounts();

        api.failAlways = throttled(3);
        long pause = elector.step();
        assertEquals(1, api.updates, "the renewal");
        assertEquals(0, api.gets, "no GET-then-UPDATE fallback after a 429");
        assertEquals(seconds(3), pause, "Retry-After 3 s outlasts the retry period");
        assertTrue(elector.state().isLeader());

        api.failAlways = throttled(30); // asks for more than the term has left: 5 s
        clock.advanceNanos(pause);
        pause = elector.step();
        long untilEnd = termStart + RENEW_DEADLINE.toNanos() - clock.nanoTime();
        assertEquals(seconds(5), untilEnd);
        assertEquals(untilEnd - RETRY_NANOS, pause, "cut to leave one retry period");
        clock.advanceNanos(pause);
        pause = elector.step();
        assertEquals(RETRY_NANOS, pause, "never below a retry period, never past the term's end");
        assertTrue(gate.isOpen(), "still inside the term");
        assertEquals(3, api.updates);
        assertEquals(0, api.gets);

        clock.advanceNanos(pause); // the term's end: the gate is shut by its own deadline
        assertFalse(gate.isOpen());
        long contenderPause = elector.step();
        assertFalse(elector.state().isLeader());
        assertTrue(contenderPause >= seconds(30), "a contender now, waiting as asked");

        api.failAlways = null;
        clock.advanceNanos(contenderPause);
        elector.step();
        assertTrue(elector.state().isLeader(), "leads again once the server serves");
    }

    @Test
    void aLeaderOnServerErrorsKeepsRenewingEveryRetryPeriodWithoutTheFallbackGet() {
        LeaseElector elector = elector(ME);
        elector.step();
        clock.advance(RETRY);
        api.resetCounts();
        api.failAlways = LeaseApiException.ofStatus(500, "internal error (fake)");
        for (int i = 0; i < 3; i++) {
            assertEquals(RETRY_NANOS, elector.step());
            clock.advance(RETRY);
        }
        assertEquals(3, api.updates);
        assertEquals(0, api.gets);

        api.failAlways = null;
        elector.step();
        assertTrue(elector.state().isLeader(), "renewed inside the term");
        assertEquals(RETRY_NANOS, elector.step());
    }

    @Test
    void aConflictStillReadsAgainInTheSameTurn() {
        LeaseElector elector = elector(ME);
        elector.step();
        clock.advance(RETRY);
        api.resetCounts();
        api.failures.add(FakeLeaseClient.RuntimeOrApi.api(409));
        elector.step();
        assertEquals(1, api.gets, "client-go's GET path after a 409, as before");
        assertEquals(2, api.updates);
        assertTrue(elector.state().isLeader());
    }
}
