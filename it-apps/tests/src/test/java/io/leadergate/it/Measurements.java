package io.leadergate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Timings worth a human's look (takeover times), printed and kept in {@code
 * target/it-logs/measurements.txt}.
 */
final class Measurements {

    private Measurements() {}

    static void record(String what, long nanos) {
        note(String.format(Locale.ROOT, "%s: %.3f s", what, nanos / 1e9));
    }

    /** Any measured value (e.g. request rates), already formatted. */
    static void note(String measurement) {
        String line =
                String.format(
                        Locale.ROOT,
                        "%s %s (replicas on %s)%n",
                        Instant.now(),
                        measurement,
                        ItConfig.replicaJava());
        System.out.print("[it] " + line);
        try {
            Files.createDirectories(ItConfig.logsDir());
            Files.writeString(
                    ItConfig.logsDir().resolve("measurements.txt"),
                    line,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f s", duration.toNanos() / 1e9);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }
}
