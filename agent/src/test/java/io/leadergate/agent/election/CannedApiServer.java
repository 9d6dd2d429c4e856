package io.leadergate.agent.election;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A JDK HTTP server answering every request with one canned response, recording what it got. */
final class CannedApiServer implements AutoCloseable {

    /** One request as received. */
    static final class Received {
        final String method;
        final String path;
        final String authorization;
        final String body;

        Received(String method, String path, String authorization, String body) {
            this.method = method;
            this.path = path;
            this.authorization = authorization;
            this.body = body;
        }
    }

    private final HttpServer server;
    final List<Received> requests = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    volatile String body = "{}";

    /** A {@code Retry-After} header sent with every answer while set. */
    volatile String retryAfter;

    /** Real delay before answering, to provoke client timeouts. */
    volatile long delayMillis;

    CannedApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(
                Executors.newCachedThreadPool(
                        r -> {
                            Thread t = new Thread(r, "canned-api-server");
                            t.setDaemon(true);
                            return t;
                        }));
        server.createContext(
                "/",
                exchange -> {
                    try (InputStream in = exchange.getRequestBody()) {
                        requests.add(
                                new Received(
                                        exchange.getRequestMethod(),
                                        exchange.getRequestURI().getPath(),
                                        exchange.getRequestHeaders().getFirst("Authorization"),
                                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                    }
                    if (delayMillis > 0) {
                        try {
                            Thread.sleep(delayMillis);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    if (retryAfter != null) {
                        exchange.getResponseHeaders().add("Retry-After", retryAfter);
                    }
                    exchange.sendResponseHeaders(status, bytes.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void respond(int status, String body) {
        this.status = status;
        this.body = body;
    }

    void respondWithResource(String name) {
        respond(200, resource(name));
    }

    Received last() {
        return requests.get(requests.size() - 1);
    }

    static String resource(String name) {
        try (InputStream in = CannedApiServer.class.getResourceAsStream("/election/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource election/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
