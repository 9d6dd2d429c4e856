package io.leadergate.it.executor;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Appends {@code replicaId startNanos endNanos} per executed run to a file that all replicas share.
 *
 * <p>{@code System.nanoTime()} is CLOCK_MONOTONIC on Linux, one clock for every process on the
 * host, so intervals from different JVMs can be compared. Each line goes out in a single {@code
 * write} on a file opened for append (O_APPEND), so lines from concurrent processes never
 * interleave.
 */
public abstract class RunRecorder {

    public abstract void record(long startNanos, long endNanos);

    static RunRecorder discarding() {
        return new RunRecorder() {
            @Override
            public void record(long startNanos, long endNanos) {}
        };
    }

    static RunRecorder appendingTo(Path file, String replicaId) {
        FileOutputStream out;
        try {
            out = new FileOutputStream(file.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open run log " + file, e);
        }
        return new RunRecorder() {
            @Override
            public synchronized void record(long startNanos, long endNanos) {
                byte[] line =
                        (replicaId + ' ' + startNanos + ' ' + endNanos + '\n')
                                .getBytes(StandardCharsets.UTF_8);
                try {
                    out.write(line); // unbuffered: one write(2), visible to readers at once
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot append to run log " + file, e);
                }
            }
        };
    }
}
