package io.leadergate.agent.expose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.log.AgentLog;
import io.leadergate.testsupport.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The health port cannot be starved: slow and idle clients hold connections while probes stay fast;
 * request-read and response-write deadlines and the connection bound hold; a 500 tells nothing of
 * the agent's internals.
 */
class HealthPortBoundsTest {

    private static final int SLOW_CLIENTS = 50;
    private static final int PROBES = 50;
    private static final long PROBE_INTERVAL_MILLIS = 100;
    private static final long PROBE_LIMIT_MILLIS = 200;

    private final List<Socket> clients = new ArrayList<>();
    private HealthServer server;

    @AfterEach
    void stop() {
        for (Socket client : clients) {
            close(client);
        }
        if (server != null) {
            server.stop();
        }
        AgentLog.setOutput(System.err);
    }

    private int start(HealthServer.Limits limits, HealthServer.Routes routes) {
        server =
                HealthServer.start(
                                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                                limits,
                                routes)
                        .orElseThrow();
        return server.port();
    }

    private static HealthServer.Routes okRoutes() {
        return (path, accept) -> Reply.text(200, "ok");
    }

    @Test
    void probesStayFastWhileFiftySlowClientsHoldConnections() throws Exception {
        int port = start(HealthServer.Limits.DEFAULT, okRoutes());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger reconnects = new AtomicInteger();
        // One thread keeps 50 clients dripping a request head one byte per 100 ms, never finishing
        // it,
        // and reconnects each one the server cut at its read deadline: the slowloris pattern.
        Thread slow = new Thread(() -> dripSlowClients(port, running, reconnects), "slow-clients");
        slow.setDaemon(true);
        slow.start();
        try {
            awaitTrue(
                    "the slow clients to be connected",
                    10_000,
                    () -> server.openConnections() >= SLOW_CLIENTS - 5);
            probe(port); // warm up the client side's classes; not counted
            long slowest = 0;
            // All 50 are cut at their read deadline at about the same moment and reconnect on their
            // next drip, so a few probes fall into that refill; most must meet a full house.
            int probesBesideHeldConnections = 0;
            List<Long> over = new ArrayList<>();
            for (int i = 0; i < PROBES; i++) {
                if (server.openConnections() >= SLOW_CLIENTS - 5) {
                    probesBesideHeldConnections++;
                }
                long millis = probe(port);
                slowest = Math.max(slowest, millis);
                if (millis > PROBE_LIMIT_MILLIS) {
                    over.add(millis);
                }
                Thread.sleep(PROBE_INTERVAL_MILLIS); // the probe period, not a wait for an outcome
            }
            System.out.printf(
                    "[health-port] %d probes beside %d slow clients: slowest %d ms, %d probes while at least %d "
                            + "were held, slow clients cut at the read deadline and reconnected %d%n",
                    PROBES,
                    SLOW_CLIENTS,
                    slowest,
                    probesBesideHeldConnections,
                    SLOW_CLIENTS - 5,
                    reconnects.get());
            assertTrue(over.isEmpty(), "probes slower than " + PROBE_LIMIT_MILLIS + " ms: " + over);
            assertTrue(
                    probesBesideHeldConnections >= PROBES * 3 / 4,
                    "only "
                            + probesBesideHeldConnections
                            + " probes met the slow clients' connections: the test did not load the server");
            assertTrue(
                    reconnects.get() >= SLOW_CLIENTS,
                    "the read deadline never cut the slow clients");
        } finally {
            running.set(false);
            slow.join(5_000);
        }
    }

    @Test
    void aRequestThatNeverCompletesIsCutAtTheReadDeadline() throws Exception {
        int port = start(new HealthServer.Limits(64, 8192, 300, 300), okRoutes());
        Socket client = connect(port);
        client.getOutputStream()
                .write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        long start = System.nanoTime();
        assertEquals(-1, readOrEof(client), "the server closes without answering");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 250, "cut after " + millis + " ms, before the 300 ms deadline");
        awaitTrue("the connection to be forgotten", 5_000, () -> server.openConnections() == 0);
    }

    @Test
    void anIdleConnectionIsCutAtTheReadDeadline() throws Exception {
        int port = start(new HealthServer.Limits(64, 8192, 300, 300), okRoutes());
        Socket client = connect(port);
        assertEquals(-1, readOrEof(client));
    }

    @Test
    void theConnectionCountIsBoundedAndANewProbeStillGetsIn() throws Exception {
        int port = start(new HealthServer.Limits(8, 8192, 60_000, 60_000), okRoutes());
        for (int i = 0; i < 20; i++) {
            connect(port);
        }
        awaitTrue(
                "the server to have accepted the idle clients",
                10_000,
                () -> server.openConnections() == 8);
        assertTrue(probe(port) >= 0);
        assertTrue(server.openConnections() <= 8, "open: " + server.openConnections());
        assertEquals(
                -1, readOrEof(clients.get(0)), "the oldest idle client was closed to make room");
    }

    @Test
    void aResponseNobodyReadsIsCutAtTheWriteDeadline() throws Exception {
        String big = "x".repeat(16 * 1024 * 1024);
        int port =
                start(
                        new HealthServer.Limits(64, 8192, 300, 300),
                        (path, accept) -> Reply.text(200, big));
        Socket client = connect(port);
        client.setReceiveBufferSize(4096);
        client.getOutputStream()
                .write(
                        "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
        awaitTrue(
                "the server to have started answering", 5_000, () -> server.openConnections() == 1);
        awaitTrue("the unread response to be cut", 10_000, () -> server.openConnections() == 0);
    }

    @Test
    void aHeadTooLargeIsRefused() throws Exception {
        int port = start(HealthServer.Limits.DEFAULT, okRoutes());
        Socket client = connect(port);
        String head = "GET /healthz HTTP/1.1\r\nX-Filler: " + "a".repeat(9000) + "\r\n\r\n";
        client.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        String response = readAll(client);
        assertTrue(response.startsWith("HTTP/1.1 431 "), response);
    }

    @Test
    void anInternalErrorTellsNothingOfTheAgentsInternals() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        AgentLog.setOutput(new PrintStream(log, true, StandardCharsets.UTF_8));
        AgentLog.reset("expose.health.serve");
        int port =
                start(
                        HealthServer.Limits.DEFAULT,
                        (path, accept) -> {
                            throw new IllegalStateException("secret internal detail");
                        });
        Socket client = connect(port);
        client.getOutputStream()
                .write(
                        "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
        String response = readAll(client);
        assertTrue(response.startsWith("HTTP/1.1 500 "), response);
        assertFalse(
                response.contains("secret")
                        || response.contains("Exception")
                        || response.contains("\tat "),
                response);
        assertTrue(
                log.toString(StandardCharsets.UTF_8).contains("secret internal detail"),
                "the cause goes to the log");
    }

    @Test
    void headAnswersHeadersOnly() throws Exception {
        int port = start(HealthServer.Limits.DEFAULT, okRoutes());
        Socket client = connect(port);
        client.getOutputStream()
                .write(
                        "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
        String response = readAll(client);
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
        assertTrue(response.contains("Content-Length: 3\r\n"), response);
        assertTrue(response.endsWith("\r\n\r\n"), "no body: " + response);
    }

    /** One kubelet-style probe on a fresh connection; its round trip in millis. */
    private long probe(int port) throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream()
                    .write(
                            "GET /healthz HTTP/1.1\r\nHost: probe\r\nUser-Agent: kube-probe/1.33\r\n\r\n"
                                    .getBytes(StandardCharsets.US_ASCII));
            String response = readAll(socket);
            assertTrue(
                    response.startsWith("HTTP/1.1 200 OK") && response.endsWith("ok\n"), response);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private void dripSlowClients(int port, AtomicBoolean running, AtomicInteger reconnects) {
        Socket[] sockets = new Socket[SLOW_CLIENTS];
        try {
            while (running.get()) {
                for (int i = 0; i < sockets.length && running.get(); i++) {
                    try {
                        if (sockets[i] == null) {
                            sockets[i] = new Socket(InetAddress.getLoopbackAddress(), port);
                            sockets[i]
                                    .getOutputStream()
                                    .write(
                                            "GET /healthz HTTP/1.1\r\n"
                                                    .getBytes(StandardCharsets.US_ASCII));
                        } else {
                            sockets[i].getOutputStream().write('X');
                        }
                    } catch (IOException e) {
                        close(sockets[i]);
                        sockets[i] = null;
                        reconnects.incrementAndGet();
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (Socket socket : sockets) {
                close(socket);
            }
        }
    }

    private Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        clients.add(socket);
        return socket;
    }

    private static int readOrEof(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open for 10 s", e);
        } catch (IOException e) {
            return -1; // reset: closed just the same
        }
    }

    private static String readAll(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static void awaitTrue(String what, long timeoutMillis, BooleanSupplier condition)
            throws InterruptedException {
        Await.until(what, Duration.ofMillis(timeoutMillis), condition);
    }

    private static void close(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // test cleanup
        }
    }
}
