package io.leadergate.it.quartz;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the job (loaded by a child loader, which delegates here) records each executed run: {@code
 * replicaId startNanos endNanos} appended to the shared run log in one {@code write} on an O_APPEND
 * file, so lines of concurrent processes never interleave. {@code System.nanoTime()} is
 * CLOCK_MONOTONIC on Linux, one clock for every process on the host.
 */
public final class JobRuns {

    private static final AtomicLong BODIES = new AtomicLong();
    private static FileOutputStream out;
    private static String replicaId;

    private JobRuns() {}

    static synchronized void useRecorder(Path runLog, String id) throws IOException {
        replicaId = id;
        out = runLog == null ? null : new FileOutputStream(runLog.toFile(), true);
    }

    /** Called by the job's body only, so it counts the runs that were not gated away. */
    public static synchronized void record(long startNanos, long endNanos) {
        BODIES.incrementAndGet();
        if (out == null) {
            return;
        }
        try {
            out.write(
                    (replicaId + ' ' + startNanos + ' ' + endNanos + '\n')
                            .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the run log", e);
        }
    }

    static long bodies() {
        return BODIES.get();
    }
}
