package io.leadergate.agent.kube;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.Proxy;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * The HTTP exchange with one Kubernetes API server, on connections of our own ({@link
 * HttpConnection}, HTTP/1.1 on a JDK socket): JSON requests with a whole-call bound, and streamed
 * responses (watches) with a bound on each silence. Chosen over the JDK's {@code
 * HttpURLConnection}, client-java's OkHttp stack and {@code java.net.http.HttpClient} by
 * measurement (docs/design.md, "The Kubernetes transport"): it loads the fewest classes and starts
 * no thread.
 *
 * <p>Everything that identifies us to the server is per connection, never JVM-wide: TLS socket
 * factory and host-name check, proxy, credentials; nothing of the application's (default socket
 * factories, proxy selector, authenticator, cookie handler, response cache) is consulted.
 *
 * <p>Connections are kept alive: each exchange takes the most recently idle connection (the
 * elector's renewals and the watch run on different threads at once, each on a connection of its
 * own while it is busy), and gives it back once the answer was read to its end. At most {@link
 * #MAX_IDLE} wait, none longer than {@link #IDLE_NANOS}; there is no background thread, an expired
 * connection is closed when the next exchange finds it.
 */
public final class ApiServer {

    /**
     * Idle connections kept, at most: the lanes that run at once (elector, watch, EndpointSlice,
     * per group of gated work) rarely exceed it; a surplus connection is closed.
     */
    static final int MAX_IDLE = 8;

    /**
     * How long a connection may wait idle and still be used, nanos: 30 s, below the 60 s idle
     * timeout common to cloud load balancers in front of API servers, and far above the 2 s between
     * renewals (client-go's transport keeps them 90 s). A connection closed by the server sooner is
     * caught by the one retry (see {@link #closedWhileIdle}).
     */
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final URI base;
    private final HttpConnection.Route route;
    private final Optional<Proxy> proxy;
    private final Credentials credentials;
    private final String userAgent;

    /** Idle connections, the most recently used on top; guarded by itself. */
    private final ArrayDeque<HttpConnection> idle = new ArrayDeque<>();

    /**
     * The first exchange of this server goes alone: in a fresh JVM the elector's first GET and the
     * watcher's would otherwise each load and run a cold TLS handshake at once, on separate
     * connections, competing for the same cores; the one that waits then reuses the connection, or
     * resumes the TLS session, on warm code. Others wait for it at most their own timeout
     * (docs/design.md, "The first claim of a fresh JVM").
     */
    private final AtomicBoolean firstClaimed = new AtomicBoolean();

    private final CountDownLatch firstDone = new CountDownLatch(1);

    /**
     * @param tls for https servers; empty: the JDK's default trust
     * @param jdkIdentification the JDK checks the server's certificate names the host ("HTTPS"
     *     endpoint identification): for the JDK's trust store; false for {@code
     *     insecure-skip-tls-verify} and when {@code tls} checks the name itself ({@link
     *     NameCheckingTrust})
     * @param serverName the name TLS presents and verifies; null: the URL's host
     */
    ApiServer(
            URI base,
            Optional<SSLSocketFactory> tls,
            boolean jdkIdentification,
            String serverName,
            Optional<Proxy> proxy,
            Credentials credentials,
            String userAgent) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.route = new HttpConnection.Route(this.base, tls, jdkIdentification, serverName, proxy);
        this.proxy = proxy;
        this.credentials = credentials;
        this.userAgent = userAgent;
    }

    /** A plain-HTTP or system-trusting server without credentials: tests and the dev server. */
    public static ApiServer at(URI base) {
        return new ApiServer(
                base,
                Optional.empty(),
                true,
                null,
                Optional.empty(),
                Credentials.NONE,
                "leadergate");
    }

    /** The server's URL, for log lines. */
    public String address() {
        return base.toString();
    }

    /** How requests reach the server, for the debug log. */
    String route() {
        return proxy.map(p -> "through the proxy " + p.address()).orElse("directly")
                + ", "
                + credentials.describe();
    }

    /** A complete response. */
    public static final class Reply {
        public final int code;
        public final String body;

        /** The {@code Retry-After} header in whole seconds; -1 when absent or not a number. */
        public final int retryAfterSeconds;

        Reply(int code, String body, int retryAfterSeconds) {
            this.code = code;
            this.body = body;
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    /**
     * A {@code Retry-After} value as client-go's {@code retryAfterSeconds} reads it: a whole number
     * of seconds, else -1 (absent). The HTTP-date form is not honoured (-1): kube-apiserver sends
     * seconds only (API Priority and Fairness 1–32 s, max-in-flight 1 s), and a date would be
     * judged by this host's wall clock, which the election never trusts.
     */
    public static int retryAfterSeconds(String header) {
        String value = header == null ? "" : header.trim();
        if (value.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return -1; // an HTTP-date, a negative or a fraction: as absent
            }
        }
        return value.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(value);
    }

    /**
     * Sends {@code method pathAndQuery} with an optional JSON body and reads the whole reply. The
     * connect, the TLS handshake and the reply share one budget of {@code timeout}: the connect may
     * take all of it, each later read at most what is left (so a stall anywhere ends the call
     * within {@code timeout} of the last progress, and a call that keeps the budget busy ends
     * within twice it). A 401 is answered once with refreshed credentials when they changed
     * (rotated token file, expired exec credential).
     *
     * @throws IOException transport failures (connect, DNS, TLS, timeout), the JDK's own types
     */
    public Reply call(String method, String pathAndQuery, String jsonBody, Duration timeout)
            throws IOException {
        boolean first = afterFirstExchange(timeout);
        try {
            String authorization = credentials.authorization();
            Reply reply = exchange(method, pathAndQuery, jsonBody, timeout, authorization);
            if (reply.code == 401) {
                Optional<String> refreshed = credentials.refreshAfterUnauthorized(authorization);
                if (refreshed.isPresent()) {
                    reply = exchange(method, pathAndQuery, jsonBody, timeout, refreshed.get());
                }
            }
            return reply;
        } finally {
            if (first) {
                firstDone.countDown();
            }
        }
    }

    /**
     * True for this server's first exchange, which the caller must end with {@code
     * firstDone.countDown()}; any other waits until that one has ended, at most {@code timeout}.
     *
     * @throws InterruptedIOException interrupted while waiting (the interrupt is kept)
     */
    private boolean afterFirstExchange(Duration timeout) throws InterruptedIOException {
        if (firstClaimed.compareAndSet(false, true)) {
            return true;
        }
        try {
            firstDone.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the first call");
        }
        return false;
    }

    private Reply exchange(
            String method,
            String pathAndQuery,
            String jsonBody,
            Duration timeout,
            String authorization)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Sent sent = send(method, pathAndQuery, jsonBody, authorization, deadline, 0);
        HttpConnection connection = sent.connection;
        try {
            InputStream body = connection.body(sent.head);
            String text = HttpConnection.readAll(body);
            if (HttpConnection.reusable(sent.head, body)) {
                keepIdle(connection);
            } else {
                connection.close();
            }
            return new Reply(sent.head.code, text, retryAfterSeconds(sent.head.retryAfter));
        } catch (IOException e) {
            connection.close(); // a half-read connection cannot serve another exchange
            throw e;
        }
    }

    /** A request sent and its answer's head read: the body is next on {@link #connection}. */
    private static final class Sent {
        final HttpConnection connection;
        final HttpConnection.Head head;

        Sent(HttpConnection connection, HttpConnection.Head head) {
            this.connection = connection;
            this.head = head;
        }
    }

    /**
     * Sends a request on the most recently idle connection or a new one, and reads the answer's
     * status line and headers; on a kept-alive connection the server had closed, once more on a new
     * one ({@link #closedWhileIdle}).
     *
     * @param readTimeoutMillis every read's bound; 0 for what is left of {@code deadline}
     */
    private Sent send(
            String method,
            String pathAndQuery,
            String jsonBody,
            String authorization,
            long deadline,
            int readTimeoutMillis)
            throws IOException {
        String headers = headers(authorization);
        for (HttpConnection connection = idleConnection(); ; connection = null) {
            boolean reused = connection != null;
            if (!reused) {
                connection = HttpConnection.open(route, userAgent, deadline);
            }
            try {
                connection.readTimeout(
                        readTimeoutMillis > 0
                                ? readTimeoutMillis
                                : HttpConnection.remainingMillis(deadline, "call timeout"));
                HttpConnection.Head head =
                        connection.exchange(
                                method,
                                route.target(pathAndQuery),
                                route.authority,
                                headers,
                                jsonBody);
                return new Sent(connection, head);
            } catch (IOException e) {
                connection.close(); // a half-read connection cannot serve another exchange
                if (!closedWhileIdle(reused, connection, e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * A kept-alive connection the server (or a proxy, or a load balancer) closed while it was idle
     * fails the next request before any byte of an answer: EOF, reset or broken pipe. Such a
     * request is sent once more, on a new connection. That is safe for every request the agent
     * makes even if the first copy did reach the server: a GET changes nothing; a PUT carries the
     * resourceVersion it read, so a second copy of an applied one is refused 409 Conflict; a POST
     * creates by name, so a second copy is refused 409 AlreadyExists; the elector reads again after
     * a 409, as after any conflict. A timeout is never retried: the server may still be working on
     * the request, and the call's budget is spent. A new connection is never retried.
     */
    private static boolean closedWhileIdle(
            boolean reused, HttpConnection connection, IOException e) {
        return reused
                && connection.nothingReceived()
                && (e instanceof SocketException || e instanceof SSLException);
    }

    /**
     * The most recently idle connection, or null; connections idle longer than {@link #IDLE_NANOS}
     * are closed on the way.
     */
    private HttpConnection idleConnection() {
        long now = System.nanoTime();
        synchronized (idle) {
            while (!idle.isEmpty()) {
                HttpConnection connection = idle.pop();
                if (now - connection.idleSince <= IDLE_NANOS) {
                    return connection;
                }
                connection.close();
            }
        }
        return null;
    }

    private void keepIdle(HttpConnection connection) {
        connection.idleSince = System.nanoTime();
        HttpConnection surplus = null;
        synchronized (idle) {
            idle.push(connection);
            if (idle.size() > MAX_IDLE) {
                surplus = idle.removeLast(); // the longest idle
            }
        }
        if (surplus != null) {
            surplus.close();
        }
    }

    /** The request headers besides Host, Content-Type and Content-Length. */
    private String headers(String authorization) throws IOException {
        String headers =
                "User-Agent: "
                        + HttpConnection.headerValue(userAgent)
                        + "\r\nAccept: application/json\r\n";
        return authorization == null
                ? headers
                : headers + "Authorization: " + HttpConnection.headerValue(authorization) + "\r\n";
    }

    /**
     * A streamed GET (a watch): its status and, when 2xx, its body line by line. Every read waits
     * at most {@code readTimeout}; {@link Stream#close()} from another thread ends a blocked read.
     *
     * @throws IOException transport failures before the status line
     */
    public Stream stream(String pathAndQuery, Duration readTimeout) throws IOException {
        boolean first = afterFirstExchange(readTimeout);
        try {
            Stream stream = openStream(pathAndQuery, readTimeout, credentials.authorization());
            if (stream.code == 401) {
                Optional<String> refreshed =
                        credentials.refreshAfterUnauthorized(stream.authorization);
                if (refreshed.isPresent()) {
                    stream.close();
                    stream = openStream(pathAndQuery, readTimeout, refreshed.get());
                }
            }
            return stream;
        } finally {
            if (first) {
                firstDone.countDown(); // the status line is in: the handshake is done
            }
        }
    }

    private Stream openStream(String pathAndQuery, Duration readTimeout, String authorization)
            throws IOException {
        long deadline = System.nanoTime() + readTimeout.toNanos();
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
        Sent sent = send("GET", pathAndQuery, null, authorization, deadline, millis);
        return new Stream(this, sent.connection, sent.head, authorization);
    }

    /**
     * An open streamed response. One reading thread; {@link #close()} from any thread closes the
     * socket, so that a read blocked in it ends at once (and reads as the end of the stream).
     */
    public static final class Stream implements AutoCloseable {
        public final int code;
        private final ApiServer server;
        private final HttpConnection connection;
        private final HttpConnection.Head head;
        private final InputStream body;
        private final String authorization;
        private volatile boolean closed;

        /** The body was read to its end (then its connection went back idle, when it could). */
        private boolean ended;

        Stream(
                ApiServer server,
                HttpConnection connection,
                HttpConnection.Head head,
                String authorization) {
            this.server = server;
            this.connection = connection;
            this.head = head;
            this.body = connection.body(head);
            this.code = head.code;
            this.authorization = authorization;
        }

        /** The next line of a 2xx body; null at its end or once closed. */
        public String readLine() throws IOException {
            if (closed) {
                return null;
            }
            try {
                String line = HttpConnection.readLine(body);
                if (line == null) {
                    end();
                }
                return closed ? null : line;
            } catch (IOException e) {
                if (closed) {
                    return null;
                }
                throw e;
            }
        }

        /** The refusal's {@code Retry-After}, seconds, as {@link Reply#retryAfterSeconds}. */
        public int retryAfterSeconds() {
            return ApiServer.retryAfterSeconds(head.retryAfter);
        }

        /** The whole body of a refusal (non-2xx), for its Status message. */
        public String errorBody() throws IOException {
            String text = HttpConnection.readAll(body);
            end();
            return text;
        }

        private synchronized void end() {
            if (!ended && !closed) {
                ended = true;
                if (HttpConnection.reusable(head, body)) {
                    server.keepIdle(connection);
                } else {
                    connection.close();
                }
            }
        }

        /** Ends the stream; idempotent, never blocks. */
        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                if (ended) {
                    return; // its connection is idle or closed already
                }
            }
            connection.close();
        }
    }
}
