package io.leadergate.agent.election;

import io.leadergate.agent.log.AgentLog;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits, with the gate already held shut ({@link HoldableGate}), until none of our admitted gated
 * calls is still running, so that a graceful hand-over releases the Lease only when a successor
 * cannot overlap with any of them. The elector thread keeps renewing the Lease meanwhile, so the
 * wait is bounded by {@code leadergate.shutdown.drain}, not by the lease duration.
 *
 * <p>Polls every {@link #POLL_NANOS}: the count is a sum of counters, not a signal, which keeps the
 * gated calls' own exit path at one atomic increment.
 */
final class GatedCallDrain {

    /** 10 ms: what a successor's first run may wait beyond our last call's end. */
    static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final CallsInFlight calls;
    private final Duration bound;
    private final MonotonicClock clock;
    private final String leaseKey;

    /**
     * @param bound how long to wait at most; zero: do not wait (release only if nothing runs)
     */
    GatedCallDrain(CallsInFlight calls, Duration bound, MonotonicClock clock, String leaseKey) {
        this.calls = calls;
        this.bound = bound;
        this.clock = clock;
        this.leaseKey = leaseKey;
    }

    Duration bound() {
        return bound;
    }

    /** Admitted gated calls still running now. */
    long running() {
        return calls.count();
    }

    /**
     * Waits until no gated call is in flight, the bound passes, or {@code holding} turns false (the
     * Lease was lost: waiting for a release that must not happen is pointless). Logs the wait, when
     * there is one, and its end.
     *
     * @param why what is handing over, for the log: "stopping", "stepping down"
     * @return true when no admitted gated call is running
     */
    boolean await(BooleanSupplier holding, String why) {
        long running = calls.count();
        if (running <= 0) {
            return true;
        }
        if (bound.isZero() || !holding.getAsBoolean()) {
            return false;
        }
        long startNanos = clock.nanoTime();
        long endNanos = startNanos + bound.toNanos();
        AgentLog.info(why + ": waiting up to " + bound.toMillis() + " ms for " + describe(running)
                + " to finish before releasing lease " + leaseKey + " (renewing it meanwhile; new gated calls are skipped)");
        while (true) {
            long left = endNanos - clock.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                clock.sleepNanos(Math.min(POLL_NANOS, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return calls.count() <= 0;
            }
            if (calls.count() <= 0) {
                AgentLog.info(why + ": the gated calls in flight finished after "
                        + TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - startNanos) + " ms");
                return true;
            }
            if (!holding.getAsBoolean()) {
                return false;
            }
        }
    }

    /** "1 gated call", "3 gated calls". */
    static String describe(long running) {
        return running + (running == 1 ? " gated call" : " gated calls");
    }
}
