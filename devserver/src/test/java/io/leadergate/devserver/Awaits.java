package io.leadergate.devserver;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling with a deadline, for conditions reached asynchronously. */
final class Awaits {
    private Awaits() {}

    static void await(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
