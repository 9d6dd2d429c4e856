package io.leadergate.it.chaos;

import java.time.Duration;
import java.util.Random;

/**
 * Seeded random durations for the faults, and waits that hold a fault in place. These sleeps shape
 * the schedule (how long an outage lasts); they are never what a test asserts on.
 */
final class Pacing {

    private final Random random;

    Pacing(Random random) {
        this.random = random;
    }

    /** Uniform in [{@code min}, {@code max}). */
    Duration between(Duration min, Duration max) {
        return min.plusNanos((long) (random.nextDouble() * (max.toNanos() - min.toNanos())));
    }

    double fraction(double min, double max) {
        return min + random.nextDouble() * (max - min);
    }

    Random random() {
        return random;
    }

    /** Sleeps until {@code System.nanoTime()} reaches {@code deadlineNanos}. */
    static void until(long deadlineNanos) {
        for (long left = deadlineNanos - System.nanoTime();
                left > 0;
                left = deadlineNanos - System.nanoTime()) {
            try {
                Thread.sleep(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while holding a fault", e);
            }
        }
    }

    static void sleep(Duration duration) {
        until(System.nanoTime() + duration.toNanos());
    }

    static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
