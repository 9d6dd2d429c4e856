package io.leadergate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Timings worth a human's look (takeover times), printed and kept in {@code
 * target/it-logs/measurements.txt}; and the benches' tables.
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

    /**
     * A bench's Markdown table ({@code header} as {@code "| a | b |"}; the first column left, the
     * others right-aligned), printed and appended to {@code -Dbench.out} (default {@code
     * target/bench.md}), which scripts/bench/*.sh collect.
     */
    static void table(String title, String header, List<String> rows) {
        StringBuilder table = new StringBuilder("\n" + title + "\n\n" + header + "\n|---|");
        table.append("---:|".repeat((int) header.chars().filter(c -> c == '|').count() - 2));
        table.append('\n');
        rows.forEach(row -> table.append(row).append('\n'));
        System.out.print(table);
        Path out = Path.of(System.getProperty("bench.out", "target/bench.md")).toAbsolutePath();
        try {
            Files.createDirectories(out.getParent());
            Files.writeString(out, table, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
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
