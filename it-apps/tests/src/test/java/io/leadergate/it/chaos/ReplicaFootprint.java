package io.leadergate.it.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What one replica JVM holds, sampled from outside: resident memory and thread count from {@code
 * /proc/<pid>/status}, open file descriptors from {@code /proc/<pid>/fd}, and the heap left after
 * the last collection from {@code jstat -gc} (survivor + old used: eden is empty after a young
 * collection). Readable while the JVM is stopped; nothing is attached to it.
 */
record ReplicaFootprint(long atNanos, double rssMb, double heapAfterGcMb, int threads, int fds) {

    /** One sample, or empty if the process has gone. */
    static Optional<ReplicaFootprint> sample(long pid, Path jstat) {
        long at = System.nanoTime();
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            double rssMb = -1;
            int threads = -1;
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    rssMb = Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("\\D", ""));
                }
            }
            int fds;
            try (Stream<Path> open = Files.list(proc.resolve("fd"))) {
                fds = (int) open.count();
            }
            return Optional.of(
                    new ReplicaFootprint(at, rssMb, heapAfterGcMb(pid, jstat), threads, fds));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    /** {@code S0U + S1U + OU} of {@code jstat -gc}, in MB; -1 if jstat could not tell. */
    private static double heapAfterGcMb(long pid, Path jstat) {
        try {
            Process process =
                    new ProcessBuilder(
                                    jstat.toString(),
                                    "-J-XX:TieredStopAtLevel=1",
                                    "-J-XX:+UseSerialGC",
                                    "-gc",
                                    Long.toString(pid))
                            .redirectErrorStream(true)
                            .start();
            String out =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return -1;
            }
            String[] lines = out.trim().split("\\R");
            List<String> names = List.of(lines[0].trim().split("\\s+"));
            String[] values = lines[lines.length - 1].trim().split("\\s+");
            double kb = 0;
            for (String column : List.of("S0U", "S1U", "OU")) {
                kb += Double.parseDouble(values[names.indexOf(column)]);
            }
            return kb / 1024;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Least-squares slope of {@code value} over time, per hour; samples with negative values are
     * skipped.
     */
    static double slopePerHour(
            List<ReplicaFootprint> samples,
            java.util.function.ToDoubleFunction<ReplicaFootprint> value) {
        List<double[]> points = new ArrayList<>();
        for (ReplicaFootprint sample : samples) {
            double v = value.applyAsDouble(sample);
            if (v >= 0) {
                points.add(new double[] {sample.atNanos() / 3.6e12, v});
            }
        }
        if (points.size() < 2) {
            return Double.NaN;
        }
        double meanX = points.stream().mapToDouble(p -> p[0]).average().orElseThrow();
        double meanY = points.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        double num = 0;
        double den = 0;
        for (double[] p : points) {
            num += (p[0] - meanX) * (p[1] - meanY);
            den += (p[0] - meanX) * (p[0] - meanX);
        }
        return num / den;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "rss %.1f MB, heap after GC %.1f MB, %d threads, %d fds",
                rssMb,
                heapAfterGcMb,
                threads,
                fds);
    }
}
