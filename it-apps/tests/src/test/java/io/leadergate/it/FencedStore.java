package io.leadergate.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The downstream system of the fencing test, in its own process from the replicas (this test JVM):
 * one value, overwritten by {@code POST /write?token=N&value=V}, which is refused with 409 when
 * {@code N} is lower than the highest token it has accepted (docs/observability.md, "Fencing
 * token"). Every write that reaches it is kept in arrival order, accepted or not.
 */
final class FencedStore implements AutoCloseable {

    /** One write as it arrived, on this process's monotonic clock. */
    record Write(long token, String value, long arrivedNanos, boolean accepted) {}

    private final HttpServer server;
    private final List<Write> writes = new ArrayList<>(); // guarded by this
    private long highestToken = Long.MIN_VALUE; // guarded by this
    private String value; // guarded by this

    private FencedStore(HttpServer server) {
        this.server = server;
    }

    static FencedStore start() {
        try {
            HttpServer server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            FencedStore store = new FencedStore(server);
            server.createContext("/write", store::write);
            server.start();
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fenced store", e);
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void write(HttpExchange exchange) throws IOException {
        Map<String, String> query = new HashMap<>();
        for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            query.put(
                    pair.substring(0, eq),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        long token = Long.parseLong(query.get("token"));
        boolean accepted;
        synchronized (this) {
            accepted = token >= highestToken;
            if (accepted) {
                highestToken = token;
                value = query.get("value");
            }
            writes.add(new Write(token, query.get("value"), System.nanoTime(), accepted));
        }
        exchange.sendResponseHeaders(accepted ? 200 : 409, -1);
        exchange.close();
    }

    synchronized List<Write> writes() {
        return List.copyOf(writes);
    }

    synchronized String value() {
        return value;
    }

    String describe() {
        StringBuilder out = new StringBuilder("fenced store, writes in arrival order:");
        for (Write write : writes()) {
            out.append("\n  ")
                    .append(write.accepted() ? "accepted" : "REJECTED")
                    .append(" token ")
                    .append(write.token())
                    .append(' ')
                    .append(write.value());
        }
        return out.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
