package io.leadergate.it;

import java.time.Duration;
import java.util.Map;

/**
 * Short election timings so failover fits in a test, still honouring the agent's rule {@code
 * leaseDuration > renewDeadline > 1.2 × retryPeriod}.
 */
public final class LeaseTimings {

    public static final Duration LEASE_DURATION = Duration.ofSeconds(2);
    public static final Duration RENEW_DEADLINE = Duration.ofMillis(1500);
    public static final Duration RETRY_PERIOD = Duration.ofMillis(250);

    private LeaseTimings() {}

    /** The agent's configuration for these timings, as environment variables. */
    public static Map<String, String> asEnvironment() {
        return Map.of(
                "LEADERGATE_LEASE_DURATION", LEASE_DURATION.toSeconds() + "s",
                "LEADERGATE_RENEW_DEADLINE", RENEW_DEADLINE.toMillis() + "ms",
                "LEADERGATE_RETRY_PERIOD", RETRY_PERIOD.toMillis() + "ms");
    }
}
