package io.leadergate.agent.expose;

import io.leadergate.agent.log.AgentLog;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;

/**
 * The health port: {@code /healthz}, {@code /readyz}, {@code /leader}, {@code /metrics}, served by
 * one daemon thread over non-blocking sockets, so no client can hold a thread: a probe is answered
 * as soon as its request has arrived, however many slow or idle clients are connected. Every
 * connection lives under bounds (see {@link Limits}): its request must arrive within a deadline,
 * its response must be taken within one, and at most a fixed number are open at once (a new one
 * closes the oldest). One request per connection ({@code Connection: close}), which is how the
 * kubelet probes. Read-only: GET and HEAD only. The thread is a daemon, so it never keeps the JVM
 * alive.
 *
 * <p>A port in use or a bad address is logged once; the application and the election go on without
 * the endpoints.
 */
public final class HealthServer {

    /** The bounds every connection lives under. */
    static final class Limits {
        /**
         * Default: far more than a kubelet (one probe at a time per container) and a few scrapers
         * need.
         */
        static final Limits DEFAULT = new Limits(64, 8192, 2000, 2000);

        /**
         * Connections open at once; accepting one more closes the oldest (the slowest to finish).
         */
        final int maxConnections;

        /** Largest request head (request line and headers) accepted; beyond it: 431 and close. */
        final int maxRequestBytes;

        /**
         * From accept until the request head is complete; past it the connection is closed
         * (millis).
         */
        final long requestReadMillis;

        /** From the complete request until the client has taken the whole response (millis). */
        final long responseWriteMillis;

        Limits(
                int maxConnections,
                int maxRequestBytes,
                long requestReadMillis,
                long responseWriteMillis) {
            this.maxConnections = maxConnections;
            this.maxRequestBytes = maxRequestBytes;
            this.requestReadMillis = requestReadMillis;
            this.responseWriteMillis = responseWriteMillis;
        }
    }

    /** Answers one parsed request; everything it reads is in memory, so it is fast. */
    interface Routes {
        Reply reply(String path, String accept) throws IOException;
    }

    private final ServerSocketChannel listener;
    private final Selector selector;
    private final Limits limits;
    private final Routes routes;

    /** Open connections, oldest first; touched by the server thread only. */
    private final ArrayDeque<Connection> open = new ArrayDeque<>();

    /** {@code open.size()} for other threads (tests of the bound). */
    private volatile int openCount;

    private final Thread thread;
    private volatile boolean stopped;

    private HealthServer(
            ServerSocketChannel listener, Selector selector, Limits limits, Routes routes) {
        this.listener = listener;
        this.selector = selector;
        this.limits = limits;
        this.routes = routes;
        this.thread = new Thread(this::serve, "leadergate-http");
        thread.setDaemon(true);
    }

    /** Binds and serves; empty (after one log line) if it cannot. */
    static Optional<HealthServer> start(
            InetSocketAddress address,
            ProbeAnswers probes,
            LeaderDocument leader,
            MetricsEndpoint metrics) {
        return start(
                address,
                Limits.DEFAULT,
                (path, accept) -> route(path, accept, probes, leader, metrics));
    }

    static Optional<HealthServer> start(InetSocketAddress address, Limits limits, Routes routes) {
        String where = describe(address);
        ServerSocketChannel listener = null;
        Selector selector = null;
        try {
            listener = ServerSocketChannel.open();
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(address, 128);
            listener.configureBlocking(false);
            selector = Selector.open();
            listener.register(selector, SelectionKey.OP_ACCEPT);
            HealthServer started = new HealthServer(listener, selector, limits, routes);
            started.thread.start();
            AgentLog.info(
                    "health port listening on "
                            + describe((InetSocketAddress) listener.getLocalAddress())
                            + " (/healthz, /readyz, /leader, /metrics)");
            return Optional.of(started);
        } catch (BindException e) {
            AgentLog.once(
                    "expose.health.bind",
                    AgentLog.Level.WARN,
                    "cannot listen on "
                            + where
                            + " ("
                            + e.getMessage()
                            + "): /healthz, /readyz, /leader and /metrics are off on this replica; the application and the "
                            + "election go on. Set leadergate.health.port to a free port, or off");
        } catch (IOException | RuntimeException | LinkageError e) {
            AgentLog.once(
                    "expose.health.start",
                    AgentLog.Level.WARN,
                    "cannot start the health port on "
                            + where
                            + " ("
                            + e
                            + "): /healthz, /readyz, /leader and /metrics are off on this replica; the application and "
                            + "the election go on");
        }
        closeQuietly(listener);
        closeQuietly(selector);
        return Optional.empty();
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return listener.socket().getLocalPort();
    }

    /** Stops at once; open connections are cut. */
    public void stop() {
        stopped = true;
        selector.wakeup();
    }

    /** Connections open now; for tests of the bound. */
    int openConnections() {
        return openCount;
    }

    private void serve() {
        try {
            while (!stopped) {
                long now = System.nanoTime();
                long wait = closeExpired(now);
                selector.select(Math.max(1, wait));
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else {
                        ((Connection) key.attachment()).ready(key);
                    }
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            AgentLog.once(
                    "expose.health.loop",
                    AgentLog.Level.WARN,
                    "the health port stopped serving ("
                            + e
                            + "); the application and the election go on");
        } finally {
            for (Connection connection : open) {
                connection.close();
            }
            open.clear();
            openCount = 0;
            closeQuietly(listener);
            closeQuietly(selector);
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = listener.accept()) != null) {
            if (open.size() >= limits.maxConnections) {
                open.peekFirst().close();
            }
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Connection connection =
                    new Connection(
                            channel, System.nanoTime() + limits.requestReadMillis * 1_000_000L);
            channel.register(selector, SelectionKey.OP_READ, connection);
            open.addLast(connection);
            openCount = open.size();
        }
    }

    /**
     * Closes connections past their deadline; returns millis until the next deadline (at most 1 s).
     */
    private long closeExpired(long now) {
        long next = now + 1_000_000_000L;
        for (Connection connection : open.toArray(new Connection[0])) {
            if (connection.deadlineNanos - now <= 0) {
                connection.close();
            } else if (connection.deadlineNanos - next < 0) {
                next = connection.deadlineNanos;
            }
        }
        return (next - now + 999_999) / 1_000_000;
    }

    /** One client: reading its request head, then writing the response, then closed. */
    private final class Connection {
        private final SocketChannel channel;
        private ByteBuffer in = ByteBuffer.allocate(512);
        private ByteBuffer out;
        private long deadlineNanos;
        private boolean closed;

        Connection(SocketChannel channel, long deadlineNanos) {
            this.channel = channel;
            this.deadlineNanos = deadlineNanos;
        }

        void ready(SelectionKey key) {
            try {
                if (out == null && key.isReadable()) {
                    read(key);
                } else if (out != null && key.isWritable()) {
                    write();
                }
            } catch (IOException | RuntimeException e) {
                close(); // a client that went away, or reset: nothing to answer
            }
        }

        private void read(SelectionKey key) throws IOException {
            if (!in.hasRemaining()) {
                if (in.capacity() >= limits.maxRequestBytes) {
                    respond(key, Reply.text(431, "request header fields too large"), false);
                    return;
                }
                ByteBuffer larger =
                        ByteBuffer.allocate(Math.min(in.capacity() * 4, limits.maxRequestBytes));
                in.flip();
                in = larger.put(in);
            }
            int read = channel.read(in);
            if (read < 0) {
                close();
                return;
            }
            int end = headEnd(in);
            if (end >= 0) {
                String head = new String(in.array(), 0, end, StandardCharsets.ISO_8859_1);
                Request request = Request.parse(head);
                respond(key, answer(request), request != null && request.method.equals("HEAD"));
            }
        }

        private void respond(SelectionKey key, Reply reply, boolean headOnly) throws IOException {
            out = ByteBuffer.wrap(encode(reply, headOnly));
            in = null;
            deadlineNanos = System.nanoTime() + limits.responseWriteMillis * 1_000_000L;
            key.interestOps(SelectionKey.OP_WRITE);
            write();
        }

        private void write() throws IOException {
            channel.write(out);
            if (!out.hasRemaining()) {
                close();
            }
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            open.remove(this);
            openCount = open.size();
            closeQuietly(channel);
        }
    }

    private Reply answer(Request request) {
        if (request == null) {
            return Reply.text(400, "bad request: expected an HTTP/1.x request line");
        }
        if (!request.method.equals("GET") && !request.method.equals("HEAD")) {
            return Reply.text(405, "method not allowed: the health port is read-only");
        }
        try {
            return routes.reply(request.path, request.accept);
        } catch (IOException | RuntimeException | LinkageError e) {
            // The operator finds the cause in the log; the body stays free of it (anyone who can
            // reach the port would otherwise read the agent's internals).
            AgentLog.once(
                    "expose.health.serve",
                    AgentLog.Level.WARN,
                    "health port failed to answer " + request.path + ": " + e);
            return Reply.text(
                    500,
                    "internal error: see the application's log ([leadergate] health port failed to answer)");
        }
    }

    private static Reply route(
            String path,
            String accept,
            ProbeAnswers probes,
            LeaderDocument leader,
            MetricsEndpoint metrics)
            throws IOException {
        switch (path) {
            case "/healthz":
                return probes.healthz();
            case "/readyz":
                return probes.readyz();
            case "/leader":
                return leader.reply();
            case "/metrics":
                return metrics.reply(accept);
            default:
                return Reply.text(404, "not found: try /healthz, /readyz, /leader or /metrics");
        }
    }

    /** The parts of a request head the routes need. */
    private static final class Request {
        final String method;
        final String path;
        final String accept;

        private Request(String method, String path, String accept) {
            this.method = method;
            this.path = path;
            this.accept = accept;
        }

        /** Null when the request line is not {@code METHOD target HTTP/1.x}. */
        static Request parse(String head) {
            String[] lines = head.split("\r?\n");
            String[] requestLine = lines[0].split(" ");
            if (requestLine.length != 3
                    || !requestLine[2].startsWith("HTTP/1.")
                    || requestLine[1].isEmpty()) {
                return null;
            }
            String target = requestLine[1];
            int query = target.indexOf('?');
            String path = query < 0 ? target : target.substring(0, query);
            String accept = null;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase("accept")) {
                    accept = lines[i].substring(colon + 1).trim();
                }
            }
            return new Request(requestLine[0], path, accept);
        }
    }

    /** Index just past the blank line ending the head ({@code \r\n\r\n} or {@code \n\n}), or -1. */
    private static int headEnd(ByteBuffer in) {
        byte[] bytes = in.array();
        for (int i = 0; i < in.position(); i++) {
            if (bytes[i] == '\n') {
                if (i + 1 < in.position() && bytes[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < in.position() && bytes[i + 1] == '\r' && bytes[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    private static byte[] encode(Reply reply, boolean headOnly) {
        StringBuilder head =
                new StringBuilder(160)
                        .append("HTTP/1.1 ")
                        .append(reply.status)
                        .append(' ')
                        .append(reason(reply.status))
                        .append("\r\n")
                        .append("Content-Type: ")
                        .append(reply.contentType)
                        .append("\r\n")
                        .append("Content-Length: ")
                        .append(reply.body.length)
                        .append("\r\n")
                        .append("Cache-Control: no-store\r\n")
                        .append("Connection: close\r\n");
        if (reply.status == 405) {
            head.append("Allow: GET, HEAD\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        if (headOnly) {
            return headBytes;
        }
        byte[] all = new byte[headBytes.length + reply.body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(reply.body, 0, all, headBytes.length, reply.body.length);
        return all;
    }

    private static String reason(int status) {
        switch (status) {
            case 200:
                return "OK";
            case 400:
                return "Bad Request";
            case 404:
                return "Not Found";
            case 405:
                return "Method Not Allowed";
            case 431:
                return "Request Header Fields Too Large";
            case 500:
                return "Internal Server Error";
            case 503:
                return "Service Unavailable";
            default:
                return "Status " + status;
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing is best effort: the socket is gone either way
        }
    }

    private static String describe(InetSocketAddress address) {
        String host =
                address.getAddress() == null
                        ? address.getHostString()
                        : address.getAddress().isAnyLocalAddress()
                                ? "all interfaces"
                                : address.getAddress().getHostAddress();
        return host.equals("all interfaces")
                ? "port " + address.getPort() + " on all interfaces"
                : host + ":" + address.getPort();
    }
}
