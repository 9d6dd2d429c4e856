package io.leadergate.testsupport;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes: the one way tests wait for another thread
 * or process. The deadline bounds a hung test; it is not a timing assertion, so make it generous
 * (replicas share two cores with whole builds). Polls start at 1 ms and back off to 20 ms, so an
 * in-process condition is seen at once and a multi-JVM one is not hammered.
 */
public final class Await {

    private static final long FIRST_POLL_MILLIS = 1;
    private static final long MAX_POLL_MILLIS = 20;

    private Await() {}

    /** Waits for {@code condition}; on timeout fails naming {@code what}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition, () -> "");
    }

    /**
     * Waits for {@code condition}; on timeout fails with {@code what} and the current {@code
     * diagnostics} (a log, a state).
     */
    public static void until(
            String what,
            Duration timeout,
            BooleanSupplier condition,
            Supplier<String> diagnostics) {
        value(
                what,
                timeout,
                () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(),
                diagnostics);
    }

    /**
     * Waits for {@code condition} on virtual time: runs {@code step} (e.g. advance a {@link
     * ManualClock}) between polls, at most until the real {@code timeout}.
     */
    public static void untilStepping(
            String what,
            Duration timeout,
            BooleanSupplier condition,
            Runnable step,
            Supplier<String> diagnostics) {
        until(
                what,
                timeout,
                () -> {
                    if (condition.getAsBoolean()) {
                        return true;
                    }
                    step.run();
                    return false;
                },
                diagnostics);
    }

    /** Waits until {@code probe} yields a value and returns it. */
    public static <T> T value(
            String what,
            Duration timeout,
            Supplier<Optional<T>> probe,
            Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pollMillis = FIRST_POLL_MILLIS;
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() - deadline > 0) {
                String more = diagnostics.get();
                throw new AssertionError(
                        "Timed out after "
                                + timeout.toMillis()
                                + " ms waiting for "
                                + what
                                + (more == null || more.isEmpty() ? "" : "\n" + more));
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            }
            pollMillis = Math.min(MAX_POLL_MILLIS, pollMillis * 2);
        }
    }
}
