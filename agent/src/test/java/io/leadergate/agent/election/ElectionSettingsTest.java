package io.leadergate.agent.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The timing contract is checked where the timings live, with client-go's rules. */
class ElectionSettingsTest {

    private static ElectionSettings settings(long leaseMillis, long renewMillis, long retryMillis) {
        return new ElectionSettings(
                "shop",
                "orders",
                "me",
                Duration.ofMillis(leaseMillis),
                Duration.ofMillis(renewMillis),
                Duration.ofMillis(retryMillis));
    }

    @Test
    void clientGosRulesAreEnforcedByTheConstructor() {
        settings(15_000, 10_000, 2_000);
        settings(2_000, 1_500, 250);
        IllegalArgumentException renewTooLong =
                assertThrows(IllegalArgumentException.class, () -> settings(10_000, 10_000, 2_000));
        assertTrue(
                renewTooLong
                        .getMessage()
                        .startsWith("leaseDuration must be greater than renewDeadline"),
                renewTooLong.getMessage());
        IllegalArgumentException retryTooLong =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                settings(
                                        15_000, 2_400,
                                        2_000)); // exactly 1.2 x is rejected, as client-go
        assertTrue(
                retryTooLong
                        .getMessage()
                        .startsWith("renewDeadline must be greater than retryPeriod*JitterFactor"),
                retryTooLong.getMessage());
        settings(15_000, 2_401, 2_000);
        assertThrows(
                IllegalArgumentException.class,
                () -> settings(15_500, 10_000, 2_000),
                "whole seconds");
        assertThrows(IllegalArgumentException.class, () -> settings(15_000, 10_000, 0));
    }

    /** Computed in longs (no BigDecimal in premain): the same answers as Duration's arithmetic. */
    @Test
    void theJitteredRetryRuleIsExactAcrossSecondsNanosAndHugeDurations() {
        Duration second = Duration.ofSeconds(1);
        assertFalse(outlasts(Duration.ofMillis(1_200), second), "exactly 1.2 x");
        assertTrue(outlasts(Duration.ofNanos(1_200_000_001), second));
        assertFalse(outlasts(Duration.ofNanos(1_199_999_999), second));
        assertTrue(outlasts(Duration.ofSeconds(8), Duration.ofNanos(6_666_666_666L)));
        assertFalse(outlasts(Duration.ofSeconds(8), Duration.ofNanos(6_666_666_667L)));
        assertFalse(outlasts(Duration.ofSeconds(7), Duration.ofSeconds(6)));
        assertTrue(outlasts(Duration.ofSeconds(100), Duration.ofMillis(1)));
        assertFalse(outlasts(Duration.ofMillis(1), Duration.ofSeconds(100)));
        Duration huge = Duration.ofSeconds(Long.MAX_VALUE / 8);
        assertTrue(outlasts(huge, second), "beyond a long's nanoseconds");
        assertFalse(outlasts(second, huge));
        assertFalse(outlasts(huge, huge));
    }

    private static boolean outlasts(Duration renewDeadline, Duration retryPeriod) {
        boolean expected = renewDeadline.multipliedBy(5).compareTo(retryPeriod.multipliedBy(6)) > 0;
        boolean actual =
                ElectionSettings.renewDeadlineOutlastsJitteredRetry(renewDeadline, retryPeriod);
        assertEquals(expected, actual, renewDeadline + " vs " + retryPeriod);
        return actual;
    }

    @Test
    void halfTheRenewDeadlineKeepsItsOddSecondAndNanos() {
        assertEquals(Duration.ofMillis(3_500), settings(15_000, 7_000, 2_000).callTimeout());
        assertEquals(
                Duration.ofNanos(2_500_000_000L),
                new ElectionSettings(
                                "shop",
                                "orders",
                                "me",
                                Duration.ofSeconds(15),
                                Duration.ofNanos(5_000_000_001L),
                                Duration.ofSeconds(1))
                        .callTimeout(),
                "a nanosecond's half is dropped, as Duration.dividedBy rounds down");
    }

    @Test
    void theReleaseBudgetDefaultsToTheRenewDeadlineAtMostTwoSeconds() {
        assertEquals(Duration.ofSeconds(2), settings(15_000, 10_000, 2_000).releaseBudget());
        assertEquals(Duration.ofMillis(1_500), settings(2_000, 1_500, 250).releaseBudget());
    }

    @Test
    void callsGetHalfTheRenewDeadlineAtLeastARetryPeriod() {
        assertEquals(Duration.ofSeconds(5), settings(15_000, 10_000, 2_000).callTimeout());
        assertEquals(Duration.ofMillis(400), settings(2_000, 500, 400).callTimeout());
    }

    @Test
    void aSilentWatchIsAbandonedAfterTwiceTheLeaseDurationAtLeastABookmarkInterval() {
        assertEquals(Duration.ofSeconds(70), settings(15_000, 10_000, 2_000).watchReadTimeout());
        assertEquals(Duration.ofSeconds(120), settings(60_000, 40_000, 2_000).watchReadTimeout());
    }

    @Test
    void theDrainBoundIsZeroOrMore() {
        assertEquals(ElectionSettings.DEFAULT_DRAIN, settings(15_000, 10_000, 2_000).drainBound());
        assertEquals(Duration.ZERO, withDrain(Duration.ZERO).drainBound());
        assertThrows(IllegalArgumentException.class, () -> withDrain(Duration.ofMillis(-1)));
    }

    private static ElectionSettings withDrain(Duration drain) {
        return new ElectionSettings(
                "shop",
                "orders",
                "me",
                Duration.ofSeconds(15),
                Duration.ofSeconds(10),
                Duration.ofSeconds(2),
                drain);
    }

    @Test
    void backoffsDoubleFromOneRetryPeriodUpToTheCeiling() {
        ElectionSettings s = settings(15_000, 10_000, 2_000);
        long retry = Duration.ofSeconds(2).toNanos();
        assertEquals(retry, s.backoffNanos(1));
        assertEquals(2 * retry, s.backoffNanos(2));
        assertEquals(4 * retry, s.backoffNanos(3));
        assertEquals(8 * retry, s.backoffNanos(4));
        assertEquals(ElectionSettings.BACKOFF_CEILING * retry, s.backoffNanos(1_000));
    }
}
