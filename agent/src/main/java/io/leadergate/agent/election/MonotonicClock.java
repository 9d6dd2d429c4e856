package io.leadergate.agent.election;

import java.time.Instant;

/**
 * The elector's only source of time, so unit tests can drive it without real sleeps.
 *
 * <p>{@link #nanoTime()} must share units and origin with the {@link GateControl} the elector
 * grants through (in production both are {@link System#nanoTime()}): the gate deadline is a value
 * of this clock.
 */
public interface MonotonicClock {

    /** Monotonic nanoseconds; only differences are meaningful. Every timing decision uses this. */
    long nanoTime();

    /**
     * Wall-clock time: only for the Lease's MicroTime fields and for display, never for decisions.
     */
    Instant now();

    /**
     * Waits {@code nanos} nanoseconds (returns at once when {@code nanos <= 0}).
     *
     * @throws InterruptedException when the waiting thread is interrupted ({@link
     *     LeaseElector#stop()})
     */
    void sleepNanos(long nanos) throws InterruptedException;
}
