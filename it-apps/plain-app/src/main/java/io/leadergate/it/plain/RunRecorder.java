package io.leadergate.it.plain;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
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
abstract class RunRecorder {

    /** The run is about to start (before its first timestamp). */
    void begin() {}

    abstract void record(long startNanos, long endNanos);

    static RunRecorder discarding() {
        return new RunRecorder() {
            @Override
            void record(long startNanos, long endNanos) {}
        };
    }

    /**
     * A replica whose clocks are faked (the clock tests) cannot stamp its own runs: the test
     * process does, on the host's real monotonic clock. One connection to {@code port} on loopback,
     * our id on the first line, then per run {@code S} before it starts and {@code E} after it
     * ends, each answered with one byte before the run goes on. So the recorded interval contains
     * the run.
     */
    static RunRecorder stampedBy(int port, String replicaId) {
        Socket socket;
        OutputStream out;
        InputStream in;
        try {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = socket.getInputStream();
            out.write((replicaId + '\n').getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the run stamper on port " + port, e);
        }
        return new RunRecorder() {
            @Override
            synchronized void begin() {
                exchange('S');
            }

            @Override
            synchronized void record(long startNanos, long endNanos) {
                exchange('E');
            }

            private void exchange(char what) {
                try {
                    out.write(what);
                    if (in.read() < 0) {
                        throw new IOException("closed");
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("run stamper on port " + port + " is gone", e);
                }
            }
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
            synchronized void record(long startNanos, long endNanos) {
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
