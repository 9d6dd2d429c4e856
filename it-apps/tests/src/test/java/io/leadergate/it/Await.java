package io.leadergate.it;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes. The deadline is generous because replicas
 * share two cores with whole builds; it bounds a hung test, it is not a timing assertion.
 */
public final class Await {

    private static final long POLL_MILLIS = 20;

    private Await() {}

    /**
     * Waits for {@code condition}; on timeout fails with {@code what} and the current {@code
     * diagnostics}.
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

    /** Waits until {@code probe} yields a value and returns it. */
    public static <T> T value(
            String what,
            Duration timeout,
            Supplier<Optional<T>> probe,
            Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(
                        "Timed out after "
                                + timeout.toMillis()
                                + " ms waiting for "
                                + what
                                + "\n"
                                + diagnostics.get());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            }
        }
    }
}
