package io.leadergate.agent.election;

import java.time.Duration;
import java.time.Instant;

/**
 * Virtual time. {@link #sleepNanos} blocks until a test {@link #advance}s past the wake-up time (or
 * the thread is interrupted), so threaded tests control the elector's pace without real sleeps.
 */
final class FakeClock implements MonotonicClock {

    /** Arbitrary non-zero origin, so code that assumes nanoTime starts at 0 would show. */
    private static final long ORIGIN = 5_000_000_000_000L;

    static final Instant EPOCH = Instant.parse("2026-01-30T10:00:00Z");

    private long nanos = ORIGIN;

    /** Threads inside {@link #sleepNanos} now: a test can wait for the elector to pause. */
    private int sleepers;

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized Instant now() {
        return EPOCH.plusNanos(nanos - ORIGIN);
    }

    @Override
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

    synchronized int sleepers() {
        return sleepers;
    }

    synchronized void advance(Duration d) {
        nanos += d.toNanos();
        notifyAll();
    }

    synchronized void advanceNanos(long d) {
        nanos += d;
        notifyAll();
    }
}
