package io.leadergate.agent.election;

import java.util.concurrent.ThreadLocalRandom;

/**
 * What the elector's API calls came to: failures logged once per condition ({@link LeaseErrorLog}),
 * the kind of the last one for the published state, and the pause of a contender that polls —
 * client-go's jittered retry period, stretched after consecutive 401/403 answers (a configuration
 * problem does not fix itself every two seconds). Elector thread only.
 */
final class CallOutcomes {

    /**
     * client-go's {@code JitterFactor}, used as its {@code wait.Jitter(retryPeriod, 1.2)} does:
     * contenders wait {@code retryPeriod + rand × 1.2 × retryPeriod}, in [1.0, 2.2) retry periods,
     * so that they do not collide.
     */
    private static final double JITTER_FACTOR = 1.2;
    /** Ceiling of the 401/403 backoff, in retry periods. */
    private static final int MAX_AUTH_BACKOFF = 8;

    private final LeaseErrorLog errors;
    private final long retryNanos;
    /** Consecutive 401/403 failures, for the backoff. */
    private int authFailures;
    private LeaseApiException.Kind lastError;

    CallOutcomes(ElectionSettings settings) {
        this.errors = new LeaseErrorLog(settings);
        this.retryNanos = settings.retryPeriod().toNanos();
    }

    void succeeded() {
        errors.recovered();
        lastError = null;
        authFailures = 0;
    }

    /** @param action what was attempted: {@code get}, {@code create}, {@code update} */
    void failed(String action, LeaseApiException e) {
        errors.failed(action, e);
        lastError = e.kind();
        boolean auth = e.kind() == LeaseApiException.Kind.FORBIDDEN || e.kind() == LeaseApiException.Kind.UNAUTHORIZED;
        authFailures = auth ? authFailures + 1 : 0;
    }

    /** An exception escaped a turn: logged once; returns the pause before the next turn (a retry period), nanos. */
    long unexpected(Throwable t) {
        errors.unexpected(t);
        return retryNanos;
    }

    /** Null when the last call succeeded. */
    LeaseApiException.Kind lastError() {
        return lastError;
    }

    /** A polling contender's pause, nanos: retryPeriod × [1.0, 2.2), × 2, 4, 8 after consecutive 401/403. */
    long contenderPauseNanos() {
        long backoff = authFailures == 0 ? 1 : Math.min(MAX_AUTH_BACKOFF, 1L << Math.min(authFailures - 1, 3));
        return (long) (retryNanos * backoff * (1.0 + JITTER_FACTOR * ThreadLocalRandom.current().nextDouble()));
    }
}
