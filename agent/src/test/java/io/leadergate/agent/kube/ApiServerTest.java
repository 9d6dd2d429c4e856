package io.leadergate.agent.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's HTTP/1.1 transport against a scripted server on loopback that counts the connections
 * it accepts (load-independent, so asserted): keep-alive, the one retry of a request on a
 * connection the server closed while it was idle, response framings, the watch stream's close and
 * read timeout, and plain-HTTP proxies.
 */
class ApiServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void oneConnectionServesManyCallsAndCarriesTheRequestHeaders() throws Exception {
        try (ScriptedServer server = new ScriptedServer((request, n) -> ok("{\"n\":" + n + "}"))) {
            ApiServer api = ApiServer.at(URI.create(server.url()));
            for (int i = 0; i < 20; i++) {
                ApiServer.Reply reply =
                        api.call(
                                i % 2 == 0 ? "GET" : "PUT",
                                "/x?y=1",
                                i % 2 == 0 ? null : "{}",
                                TIMEOUT);
                assertEquals(200, reply.code);
                assertEquals("{\"n\":" + i + "}", reply.body);
            }
            assertEquals(1, server.accepted.get(), "20 calls on one kept-alive connection");
            String get = server.requests.get(0);
            assertTrue(get.startsWith("GET /x?y=1 HTTP/1.1\r\n"), get);
            assertTrue(get.contains("\r\nHost: 127.0.0.1:" + server.port() + "\r\n"), get);
            assertTrue(get.contains("\r\nAccept: application/json\r\n"), get);
            assertTrue(get.contains("\r\nUser-Agent: leadergate\r\n"), get);
            String put = server.requests.get(1);
            assertTrue(put.contains("\r\nContent-Type: application/json; charset=utf-8\r\n"), put);
            assertTrue(put.contains("\r\nContent-Length: 2\r\n"), put);
            assertTrue(put.endsWith("\r\n\r\n{}"), put);
        }
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsRetriedOnceOnANewOne() throws Exception {
        // Every connection answers one request, then the server closes it without saying so
        // (no Connection: close), as an idle timeout does.
        try (ScriptedServer server = new ScriptedServer((request, n) -> ok("{}").thenClose())) {
            ApiServer api = ApiServer.at(URI.create(server.url()));
            for (int i = 0; i < 3; i++) {
                assertEquals(200, api.call("PUT", "/lease", "{}", TIMEOUT).code);
                server.awaitClosed(i + 1);
            }
            assertEquals(3, server.accepted.get(), "each call after the first retried once");
            assertEquals(3, server.requests.size(), "the closed connections got no request");
        }
    }

    @Test
    void aNewConnectionClosedWithoutAnAnswerIsNotRetried() throws Exception {
        try (ScriptedServer server = new ScriptedServer((request, n) -> Answer.CLOSE)) {
            ApiServer api = ApiServer.at(URI.create(server.url()));
            assertThrows(SocketException.class, () -> api.call("GET", "/x", null, TIMEOUT));
            assertEquals(1, server.accepted.get());
        }
    }

    @Test
    void chunkedHttp10AndConnectionCloseAnswersAreReadAndOnlyReusableOnesReused() throws Exception {
        List<String> answers =
                List.of(
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "4;ext=1\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\nTrailer: x\r\n\r\n",
                        "HTTP/1.1 204 No Content\r\n\r\n",
                        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nclose",
                        "HTTP/1.0 200 OK\r\n\r\nread to the close",
                        "HTTP/1.0 429 Too Many Requests\r\nConnection: keep-alive\r\n"
                                + "Retry-After: 3\r\nContent-Length: 4\r\n\r\nslow");
        AtomicInteger next = new AtomicInteger();
        try (ScriptedServer server =
                new ScriptedServer(
                        (request, n) -> {
                            String answer = answers.get(next.getAndIncrement());
                            return answer.contains("close") ? raw(answer).thenClose() : raw(answer);
                        })) {
            ApiServer api = ApiServer.at(URI.create(server.url()));
            assertEquals("{\"a\":1}", api.call("GET", "/", null, TIMEOUT).body);
            assertEquals(204, api.call("GET", "/", null, TIMEOUT).code);
            assertEquals("ok", api.call("GET", "/", null, TIMEOUT).body);
            assertEquals("close", api.call("GET", "/", null, TIMEOUT).body);
            assertEquals("read to the close", api.call("GET", "/", null, TIMEOUT).body);
            ApiServer.Reply throttled = api.call("GET", "/", null, TIMEOUT);
            assertEquals(429, throttled.code);
            assertEquals(3, throttled.retryAfterSeconds);
            assertEquals("slow", throttled.body);
            assertEquals(3, server.accepted.get(), "new connections after each close only");
        }
    }

    @Test
    void aWatchIsReadLineByLineAndItsConnectionServesTheNextCallOnceItEnds() throws Exception {
        try (ScriptedServer server =
                new ScriptedServer(
                        (request, n) ->
                                request.contains("watch=true")
                                        ? raw(
                                                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                        + chunk("{\"type\":\"ADDED\"}\n{\"ty")
                                                        + chunk("pe\":\"MODIFIED\"}\n")
                                                        + chunk("\n")
                                                        + "0\r\n\r\n")
                                        : ok("{}"))) {
            ApiServer api = ApiServer.at(URI.create(server.url()));
            try (ApiServer.Stream stream = api.stream("/leases?watch=true", TIMEOUT)) {
                assertEquals(200, stream.code);
                assertEquals("{\"type\":\"ADDED\"}", stream.readLine());
                assertEquals("{\"type\":\"MODIFIED\"}", stream.readLine());
                assertEquals("", stream.readLine());
                assertNull(stream.readLine(), "the server ended the watch");
            }
            assertEquals(200, api.call("GET", "/lease", null, TIMEOUT).code);
            assertEquals(1, server.accepted.get());
        }
    }

    @Test
    void closingAWatchFromAnotherThreadEndsABlockedReadAtOnce() throws Exception {
        try (ScriptedServer server =
                new ScriptedServer(
                        (request, n) ->
                                raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                + chunk("{\"type\":\"ADDED\"}\n"))
                                        .thenHold())) {
            ApiServer api = ApiServer.at(URI.create(server.url()));
            // A read timeout far beyond the await: only the close can end the read in time.
            ApiServer.Stream stream = api.stream("/leases?watch=true", Duration.ofMinutes(5));
            assertEquals("{\"type\":\"ADDED\"}", stream.readLine());
            CountDownLatch reading = new CountDownLatch(1);
            CompletableFuture<String> next =
                    CompletableFuture.supplyAsync(
                            () -> {
                                reading.countDown();
                                try {
                                    return stream.readLine();
                                } catch (IOException e) {
                                    return "failed: " + e;
                                }
                            });
            reading.await();
            stream.close();
            assertNull(next.get(10, TimeUnit.SECONDS), "a closed stream reads as its end");
        }
    }

    @Test
    void aSilentWatchFailsAfterItsReadTimeout() throws Exception {
        try (ScriptedServer server =
                new ScriptedServer(
                        (request, n) ->
                                raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                                        .thenHold())) {
            ApiServer api = ApiServer.at(URI.create(server.url()));
            try (ApiServer.Stream stream =
                    api.stream("/leases?watch=true", Duration.ofMillis(300))) {
                assertThrows(SocketTimeoutException.class, stream::readLine);
            }
        }
    }

    @Test
    void aPlainHttpServerIsReachedThroughHttpProxyWithAnAbsoluteFormRequest(@TempDir Path dir)
            throws Exception {
        try (ScriptedServer proxy = new ScriptedServer((request, n) -> ok("{\"via\":\"proxy\"}"))) {
            Path kubeconfig =
                    TestPki.kubeconfig(
                            dir.resolve("config"),
                            "{server: 'http://kube.invalid:8080'}",
                            "token: secret");
            ApiServer api =
                    ServerAccess.fromKubeconfig(
                            kubeconfig, Map.of("HTTP_PROXY", proxy.url()), "test");

            ApiServer.Reply reply = api.call("GET", "/version", null, TIMEOUT);
            api.call("GET", "/version", null, TIMEOUT);

            assertEquals("{\"via\":\"proxy\"}", reply.body);
            String request = proxy.requests.get(0);
            assertTrue(
                    request.startsWith("GET http://kube.invalid:8080/version HTTP/1.1\r\n"),
                    request);
            assertTrue(request.contains("\r\nHost: kube.invalid:8080\r\n"), request);
            assertTrue(request.contains("\r\nAuthorization: Bearer secret\r\n"), request);
            assertEquals(1, proxy.accepted.get(), "kept alive through the proxy too");
        }
    }

    @Test
    void aProxyRefusingToTunnelIsOneClearError(@TempDir Path dir) throws Exception {
        try (ScriptedServer proxy =
                new ScriptedServer(
                        (request, n) ->
                                raw(
                                        "HTTP/1.1 407 Proxy Authentication Required\r\n"
                                                + "Proxy-Authenticate: Basic realm=\"x\"\r\n"
                                                + "Content-Length: 0\r\n\r\n"))) {
            Path kubeconfig =
                    TestPki.kubeconfig(
                            dir.resolve("config"),
                            "{server: 'https://kube.invalid:6443'}",
                            "token: secret");
            ApiServer api =
                    ServerAccess.fromKubeconfig(
                            kubeconfig, Map.of("HTTPS_PROXY", proxy.url()), "test");

            IOException e =
                    assertThrows(
                            IOException.class, () -> api.call("GET", "/version", null, TIMEOUT));

            assertTrue(
                    e.getMessage().contains("refused to tunnel to kube.invalid:6443: HTTP/1.1 407"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("NO_PROXY"), e.getMessage());
            assertTrue(proxy.requests.get(0).startsWith("CONNECT kube.invalid:6443 HTTP/1.1\r\n"));
            assertTrue(!proxy.requests.get(0).contains("Authorization"), "no token to the proxy");
        }
    }

    private static String chunk(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Integer.toHexString(bytes.length) + "\r\n" + text + "\r\n";
    }

    private static Answer ok(String json) {
        return raw(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                        + json.getBytes(StandardCharsets.UTF_8).length
                        + "\r\n\r\n"
                        + json);
    }

    private static Answer raw(String response) {
        return new Answer(response, After.KEEP);
    }

    private enum After {
        KEEP,
        CLOSE,
        HOLD
    }

    /** What the server sends for one request, and what it does with the connection next. */
    private static final class Answer {
        static final Answer CLOSE = new Answer("", After.CLOSE);

        final String response;
        final After after;

        Answer(String response, After after) {
            this.response = response;
            this.after = after;
        }

        Answer thenClose() {
            return new Answer(response, After.CLOSE);
        }

        /** Sends the response and then nothing, keeping the connection open. */
        Answer thenHold() {
            return new Answer(response, After.HOLD);
        }
    }

    /**
     * An HTTP/1.1 server on loopback, one thread per connection, answering each request (head and
     * Content-Length body, recorded as text) with what {@code script} returns for it and its index
     * among all requests.
     */
    private static final class ScriptedServer implements AutoCloseable {
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final ServerSocket socket =
                new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final BiFunction<String, Integer, Answer> script;

        ScriptedServer(BiFunction<String, Integer, Answer> script) throws IOException {
            this.script = script;
            Thread acceptor = new Thread(this::accept, "test-scripted-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url() {
            return "http://127.0.0.1:" + port();
        }

        int port() {
            return socket.getLocalPort();
        }

        /** Waits until the server has closed {@code count} connections itself. */
        void awaitClosed(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (closed.get() < count && System.nanoTime() < deadline) {
                Thread.sleep(5); // polling a condition with a deadline, not a timed assertion
            }
            assertEquals(count, closed.get());
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    accepted.incrementAndGet();
                    sockets.add(client);
                    Thread t = new Thread(() -> serve(client), "test-scripted-connection");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket client) {
            try (client) {
                InputStream in = new BufferedInputStream(client.getInputStream());
                OutputStream out = client.getOutputStream();
                while (true) {
                    String request = request(in);
                    if (request == null) {
                        return;
                    }
                    int n = requests.size();
                    requests.add(request);
                    Answer answer = script.apply(request, n);
                    out.write(answer.response.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (answer.after == After.CLOSE) {
                        closed.incrementAndGet();
                        return;
                    }
                    if (answer.after == After.HOLD) {
                        in.read(); // until the client closes
                        return;
                    }
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        /** A request's head and body as text; null at EOF before it. */
        private static String request(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            for (int b = in.read(); b != -1; b = in.read()) {
                head.write(b);
                matched =
                        (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b
                                ? matched + 1
                                : 0;
                if (matched == 4) {
                    String text = head.toString(StandardCharsets.ISO_8859_1);
                    int length = 0;
                    for (String line : text.split("\r\n")) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            socket.close();
            List<Socket> open = new ArrayList<>(sockets);
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
