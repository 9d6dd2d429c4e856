package io.leadergate.it.chaos;

import java.io.BufferedInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The run log for replicas whose clocks are faked: they cannot timestamp their own runs, so this
 * process does, on its real {@code System.nanoTime()}, and appends the usual {@code replica start
 * end} lines to the run log file ({@link RunFeed} reads it as always). The plain app talks to it
 * when given {@code IT_RUN_STAMPS_PORT}: {@code S} before a run, {@code E} after it, each answered
 * before the run goes on, so a recorded interval always contains the real one (overlaps are never
 * missed).
 */
final class RunStamps implements AutoCloseable {

    private final ServerSocket listener;
    private final FileOutputStream log;
    private final List<Socket> connections = new ArrayList<>();

    private RunStamps(ServerSocket listener, FileOutputStream log) {
        this.listener = listener;
        this.log = log;
    }

    static RunStamps start(Path runLog) {
        try {
            RunStamps stamps =
                    new RunStamps(
                            new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                            new FileOutputStream(runLog.toFile(), true));
            Thread acceptor = new Thread(stamps::acceptLoop, "run-stamps");
            acceptor.setDaemon(true);
            acceptor.start();
            return stamps;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the run stamper", e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                socket.setTcpNoDelay(true);
                synchronized (connections) {
                    connections.add(socket);
                }
                Thread reader = new Thread(() -> serve(socket), "run-stamps-" + socket.getPort());
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** One replica: its id, then S/E pairs; a run cut short (the replica killed) leaves no line. */
    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            StringBuilder id = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    return;
                }
                id.append((char) c);
            }
            long start = 0;
            for (int c = in.read(); c >= 0; c = in.read()) {
                long now = System.nanoTime();
                if (c == 'S') {
                    start = now;
                } else if (c == 'E') {
                    append(id + " " + start + " " + now + "\n");
                }
                out.write('.');
                out.flush();
            }
        } catch (IOException gone) {
            // the replica died or the test is over
        }
    }

    private synchronized void append(String line) throws IOException {
        log.write(line.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        try {
            listener.close();
            synchronized (connections) {
                for (Socket socket : connections) {
                    socket.close();
                }
            }
            log.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
