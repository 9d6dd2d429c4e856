package io.leadergate.testsupport;

import java.time.Duration;
import java.time.Instant;

/**
 * Virtual time: monotonic nanos and a wall clock that move only when a test {@link #advance}s them.
 * {@link #sleepNanos} blocks until a test advances past the wake-up time (or the thread is
 * interrupted), so threaded tests control a component's pace without real sleeps. The agent's tests
 * make it a {@code MonotonicClock}; anything that takes a {@code LongSupplier} of nanos takes
 * {@code clock::nanoTime}.
 */
public class ManualClock {

    /** Arbitrary non-zero origin, so code that assumes nanoTime starts at 0 would show. */
    private static final long ORIGIN = 5_000_000_000_000L;

    /** The wall time at the origin. */
    public static final Instant EPOCH = Instant.parse("2026-01-30T10:00:00Z");

    private long nanos = ORIGIN;

    /** Threads inside {@link #sleepNanos} now: a test can wait for a component to pause. */
    private int sleepers;

    public synchronized long nanoTime() {
        return nanos;
    }

    public synchronized Instant now() {
        return EPOCH.plusNanos(nanos - ORIGIN);
    }

    public synchronized void sleepNanos(long duration) throws InterruptedException {
        long wakeAt = nanos + Math.max(0, duration);
        sleepers++;
        try {
            while (nanos - wakeAt < 0) {
                wait();
            }
        } finally {
            sleepers--;
        }
    }

    public synchronized int sleepers() {
        return sleepers;
    }

    public synchronized void advance(Duration d) {
        advanceNanos(d.toNanos());
    }

    public synchronized void advanceNanos(long d) {
        nanos += d;
        notifyAll();
    }
}
