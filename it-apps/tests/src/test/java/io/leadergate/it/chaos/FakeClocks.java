package io.leadergate.it.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.it.ChildJvm;
import io.leadergate.it.ItConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Faked clocks for one replica JVM, through {@code LD_PRELOAD}:
 *
 * <ul>
 *   <li>{@link #rate}: Debian's libfaketime ({@code FAKETIME="+0 x1.4"}), both clocks of the JVM
 *       running at a multiple of real time (its timed waits scaled to match);
 *   <li>{@link Shim}: our {@code src/test/c/clockshim.c}, compiled here, which shifts the wall
 *       clock and the monotonic clock by two separate offsets the test changes while the JVM runs.
 *       libfaketime shifts both clocks alike, and with {@code FAKETIME_DONT_FAKE_MONOTONIC=1} (its
 *       only way to keep the monotonic clock apart) a JVM's timed waits busy-loop: a 300 ms sleep
 *       took 400 ms and the probe burnt 5 s of CPU in 3.6 s.
 * </ul>
 *
 * The Debian packages {@code libfaketime} and {@code gcc} are installed by {@code scripts/test.sh}.
 * If one is missing the test is skipped with the command that installs it, except under {@code
 * CI=true}, where it fails: CI must never silently skip the clock tests.
 */
final class FakeClocks {

    static final Path LIBFAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");
    private static final Path SHIM_SOURCE = Path.of("src/test/c/clockshim.c").toAbsolutePath();

    private FakeClocks() {}

    /** The environment that runs a JVM's clocks at {@code factor} times real time. */
    static Map<String, String> rate(double factor) {
        require(Files.isRegularFile(LIBFAKETIME), LIBFAKETIME + " is missing");
        return Map.of("LD_PRELOAD", LIBFAKETIME.toString(), "FAKETIME", "+0 x" + factor);
    }

    /** The shim, compiled once per test class into {@code dir}. */
    static Path compileShim(Path dir) {
        Path library = dir.resolve("clockshim.so");
        try {
            Process gcc =
                    new ProcessBuilder(
                                    "gcc",
                                    "-O2",
                                    "-shared",
                                    "-fPIC",
                                    "-o",
                                    library.toString(),
                                    SHIM_SOURCE.toString(),
                                    "-ldl")
                            .redirectErrorStream(true)
                            .start();
            String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(
                    gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0,
                    "gcc failed on " + SHIM_SOURCE + ":\n" + output);
        } catch (IOException e) {
            require(false, "gcc is not installed (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return library;
    }

    private static void require(boolean present, String problem) {
        if (present) {
            return;
        }
        String message =
                problem + ": run scripts/test.sh as root, or apt-get install libfaketime gcc";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true and a clock-test tool is missing: " + message);
        }
        Assumptions.abort(message);
    }

    /**
     * One replica's two clock offsets, in a file the shim maps: changes apply to its next clock
     * read.
     */
    static final class Shim {
        private final Path library;
        private final FileChannel offsets;
        private final Path file;
        private long wallNanos;
        private long monotonicNanos;

        Shim(Path library, Path file) {
            this.library = library;
            this.file = file;
            try {
                offsets =
                        FileChannel.open(
                                file,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.TRUNCATE_EXISTING,
                                StandardOpenOption.READ,
                                StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            write();
        }

        Map<String, String> environment() {
            return Map.of("LD_PRELOAD", library.toString(), "CLOCKSHIM_FILE", file.toString());
        }

        /** Steps this JVM's wall clock by {@code nanos} (negative: back). */
        synchronized void stepWall(long nanos) {
            wallNanos += nanos;
            write();
        }

        /** Takes {@code nanos} off this JVM's monotonic clock: time it never saw pass. */
        synchronized void loseMonotonic(long nanos) {
            monotonicNanos -= nanos;
            write();
        }

        synchronized long wallOffsetNanos() {
            return wallNanos;
        }

        private void write() {
            ByteBuffer buffer = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
            buffer.putLong(wallNanos).putLong(monotonicNanos).flip();
            try {
                offsets.write(buffer, 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** How far a probe JVM's clocks moved while {@code real} seconds passed here. */
    record Reading(double monotonic, double wall, double real) {
        double monotonicRate() {
            return monotonic / real;
        }

        double wallRate() {
            return wall / real;
        }

        @Override
        public String toString() {
            return String.format(
                    java.util.Locale.ROOT,
                    "in %.3f s real: System.nanoTime() %+.3f s, currentTimeMillis() %+.3f s",
                    real,
                    monotonic,
                    wall);
        }
    }

    /**
     * Runs {@link ClockProbe} with {@code env} and returns how far its {@code System.nanoTime()}
     * and {@code System.currentTimeMillis()} moved over about {@code realMillis}, {@code during}
     * running at the start: proof that a preload reaches the JVM's clocks before a test relies on
     * it.
     */
    static Reading probe(
            Map<String, String> env, Path logDir, String name, long realMillis, Runnable during) {
        Path in = logDir.resolve(name + ".in");
        Map<String, String> probeEnv = new java.util.HashMap<>(env);
        probeEnv.put("CLOCK_PROBE_INPUT", in.toString());
        try {
            Files.deleteIfExists(in);
            Files.createFile(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildJvm jvm =
                ChildJvm.start(
                        name,
                        List.of(
                                ItConfig.testJava().toString(),
                                "-XX:TieredStopAtLevel=1",
                                "-cp",
                                System.getProperty("java.class.path"),
                                ClockProbe.class.getName()),
                        probeEnv,
                        logDir);
        try {
            ProcessHandle handle = ProcessHandle.of(jvm.pid()).orElseThrow();
            long[] first = readProbe(jvm, in, 1);
            long realStart = System.nanoTime();
            during.run();
            Thread.sleep(realMillis);
            long[] second = readProbe(jvm, in, 2);
            double real = (System.nanoTime() - realStart) / 1e9;
            assertTrue(handle.isAlive(), "probe exited\n" + jvm.describe());
            return new Reading((second[0] - first[0]) / 1e9, (second[1] - first[1]) / 1e3, real);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            jvm.close();
        }
    }

    /**
     * Asks the probe for reading {@code n} (by appending a line to its input file) and waits for
     * it.
     */
    private static long[] readProbe(ChildJvm jvm, Path in, int n) throws IOException {
        Files.writeString(in, "read\n", StandardOpenOption.APPEND);
        var line =
                jvm.awaitStdoutLine(
                        java.util.regex.Pattern.compile("(?m)^" + n + " (-?\\d+) (-?\\d+)$"),
                        java.time.Duration.ofSeconds(60));
        return new long[] {Long.parseLong(line.group(1)), Long.parseLong(line.group(2))};
    }
}
