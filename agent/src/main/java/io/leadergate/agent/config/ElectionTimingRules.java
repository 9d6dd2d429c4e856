package io.leadergate.agent.config;

import io.leadergate.agent.election.ElectionSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * client-go's ordering of the election timings, checked across keys with {@link ElectionSettings}'
 * own rules (which its constructor enforces), so each message can name the keys and their sources:
 * {@code leaseDuration > renewDeadline > 1.2 × retryPeriod}.
 *
 * <p>Why: the leader's gate closes {@code renewDeadline} after its last renewal, and others may
 * take over only {@code leaseDuration} after it, so the gap between them is what guarantees at most
 * one runner. The leader renews every {@code retryPeriod}; the deadline must leave room for more
 * than one attempt, and client-go states that as more than {@code JitterFactor} (1.2) retry
 * periods.
 */
final class ElectionTimingRules {

    private ElectionTimingRules() {}

    /**
     * A timing, and how to name it in a message; the name is built only when a rule is violated.
     */
    static final class Timing {
        final Duration value;
        private final AgentConfig config;
        private final ConfigKey<Duration> key;

        Timing(AgentConfig config, ConfigKey<Duration> key) {
            this.config = config;
            this.key = key;
            this.value = config.get(key);
        }

        /** {@code leadergate.renew.deadline=10s (default)}. */
        String described() {
            return config.describe(key);
        }
    }

    /**
     * @return one message per violated rule; empty when the timings are consistent
     */
    static List<String> violations(Timing leaseDuration, Timing renewDeadline, Timing retryPeriod) {
        List<String> violations = new ArrayList<>();
        if (leaseDuration != null
                && renewDeadline != null
                && !ElectionSettings.leaseOutlastsRenewDeadline(
                        leaseDuration.value, renewDeadline.value)) {
            violations.add(
                    leaseDuration.described()
                            + " must be greater than "
                            + renewDeadline.described()
                            + "; client-go requires \"leaseDuration must be greater than renewDeadline\"");
        }
        if (renewDeadline != null
                && retryPeriod != null
                && !ElectionSettings.renewDeadlineOutlastsJitteredRetry(
                        renewDeadline.value, retryPeriod.value)) {
            Duration minimum = retryPeriod.value.multipliedBy(6).dividedBy(5);
            // Formatted here, not in a constant: a double's text loads ~5 JDK classes in premain.
            String jitterFactor = String.valueOf(ElectionSettings.JITTER_FACTOR);
            violations.add(
                    renewDeadline.described()
                            + " must be greater than "
                            + jitterFactor
                            + " × "
                            + retryPeriod.described()
                            + " = "
                            + DurationSyntax.format(minimum)
                            + "; client-go requires \"renewDeadline must be greater than retryPeriod*JitterFactor\""
                            + " (JitterFactor "
                            + jitterFactor
                            + ")");
        }
        return violations;
    }
}
