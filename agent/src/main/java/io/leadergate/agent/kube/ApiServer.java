package io.leadergate.agent.kube;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * The HTTP exchange with one Kubernetes API server, on the JDK's {@link HttpURLConnection}: JSON
 * requests with a whole-call bound, and streamed responses (watches) with a bound on each silence.
 * Chosen over client-java's OkHttp stack and over {@code java.net.http.HttpClient} by measurement
 * (docs/design.md, "The Kubernetes transport"): it loads the fewest classes, starts no thread of
 * its own, and reads a watch with a per-read timeout natively.
 *
 * <p>Everything that identifies us to the server is per connection, never JVM-wide: TLS socket
 * factory and host-name check, proxy, credentials; no response cache and no authenticator of the
 * application's is consulted. Keep-alive connections are reused through the JDK's own cache.
 */
public final class ApiServer {

    /**
     * Answers no authentication challenge: an application-wide {@link Authenticator} never sees our
     * 401s.
     */
    private static final Authenticator NO_AUTHENTICATOR =
            new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return null;
                }
            };

    private final URI base;
    private final Optional<SSLSocketFactory> tls;
    private final Optional<HostnameVerifier> hostnames;
    private final Optional<Proxy> proxy;
    private final Credentials credentials;
    private final String userAgent;

    /**
     * The first exchange of this server goes alone: in a fresh JVM the elector's first GET and the
     * watcher's would otherwise each load and run a cold TLS handshake at once, on separate
     * connections, competing for the same cores; the one that waits then resumes the TLS session on
     * warm code. Others wait for it at most their own timeout (docs/design.md, "The first claim of
     * a fresh JVM").
     */
    private final AtomicBoolean firstClaimed = new AtomicBoolean();

    private final CountDownLatch firstDone = new CountDownLatch(1);

    ApiServer(
            URI base,
            Optional<SSLSocketFactory> tls,
            Optional<HostnameVerifier> hostnames,
            Optional<Proxy> proxy,
            Credentials credentials,
            String userAgent) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.tls = tls;
        this.hostnames = hostnames;
        this.proxy = proxy;
        this.credentials = credentials;
        this.userAgent = userAgent;
    }

    /** A plain-HTTP or system-trusting server without credentials: tests and the dev server. */
    public static ApiServer at(URI base) {
        return new ApiServer(
                base,
                Optional.empty(),
                Optional.empty(),
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
        HttpURLConnection connection = open(pathAndQuery, authorization);
        try {
            int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            connection.setConnectTimeout(millis);
            connection.setReadTimeout(millis);
            connection.setRequestMethod(method);
            if (jsonBody != null) {
                byte[] bytes = jsonBody.getBytes(StandardCharsets.UTF_8);
                connection.setDoOutput(true);
                // Buffered, not fixed-length streaming: in streaming mode a 401 discards the Status
                // body.
                connection.setRequestProperty("Content-Type", "application/json; charset=utf-8");
                connection.connect();
                connection.setReadTimeout(remainingMillis(deadline));
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(bytes);
                }
            } else {
                connection.connect();
            }
            connection.setReadTimeout(remainingMillis(deadline));
            int code = connection.getResponseCode();
            return new Reply(
                    code,
                    readAll(
                            code >= 400
                                    ? connection.getErrorStream()
                                    : connection.getInputStream()),
                    retryAfterSeconds(connection.getHeaderField("Retry-After")));
        } catch (IOException e) {
            connection.disconnect(); // a half-read connection must not go back to the keep-alive
            // cache
            throw e;
        }
    }

    private static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("call timeout");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private static String readAll(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (InputStream body = in) {
            return new String(
                    body.readAllBytes(),
                    StandardCharsets.UTF_8); // read to the end: the connection is reused
        }
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
        HttpURLConnection connection = open(pathAndQuery, authorization);
        SocketCapture capture = null;
        if (connection instanceof HttpsURLConnection) {
            // A socket of its own, closable from another thread: the JDK's stream close would wait
            // for a blocked read.
            capture = new SocketCapture(((HttpsURLConnection) connection).getSSLSocketFactory());
            ((HttpsURLConnection) connection).setSSLSocketFactory(capture);
        }
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
        connection.setConnectTimeout(millis);
        connection.setReadTimeout(millis);
        try {
            int code = connection.getResponseCode();
            return new Stream(connection, capture, code, authorization);
        } catch (IOException e) {
            connection.disconnect();
            throw e;
        }
    }

    /**
     * An open streamed response. One reading thread; {@link #close()} from any thread. Over TLS a
     * close from another thread closes the socket, so the blocked read fails at once; over plain
     * HTTP (dev servers only: clusters serve TLS) the reader ends at its next line or read timeout.
     */
    public static final class Stream implements AutoCloseable {
        public final int code;
        private final HttpURLConnection connection;
        private final SocketCapture capture;
        private final String authorization;
        private volatile boolean closed;
        private volatile Thread reader;
        private BufferedReader lines;

        Stream(
                HttpURLConnection connection,
                SocketCapture capture,
                int code,
                String authorization) {
            this.connection = connection;
            this.capture = capture;
            this.code = code;
            this.authorization = authorization;
        }

        /** The next line of a 2xx body; null at its end or once closed. */
        public String readLine() throws IOException {
            reader = Thread.currentThread();
            try {
                if (closed) {
                    return null;
                }
                if (lines == null) {
                    lines =
                            new BufferedReader(
                                    new InputStreamReader(
                                            connection.getInputStream(), StandardCharsets.UTF_8));
                }
                String line = lines.readLine();
                return closed ? null : line;
            } catch (IOException e) {
                if (closed) {
                    return null;
                }
                throw e;
            } finally {
                reader = null;
                if (closed) {
                    connection.disconnect();
                }
            }
        }

        /** The refusal's {@code Retry-After}, seconds, as {@link Reply#retryAfterSeconds}. */
        public int retryAfterSeconds() {
            return ApiServer.retryAfterSeconds(connection.getHeaderField("Retry-After"));
        }

        /** The whole body of a refusal (non-2xx), for its Status message. */
        public String errorBody() throws IOException {
            return readAll(connection.getErrorStream());
        }

        /** Ends the stream; idempotent, never blocks. */
        @Override
        public void close() {
            closed = true;
            Thread t = reader;
            if (t == null || t == Thread.currentThread()) {
                connection.disconnect();
            } else if (capture != null) {
                capture.closeSocket();
            }
        }
    }

    /** Remembers the socket it makes, so that it can be closed under a reader blocked in it. */
    private static final class SocketCapture extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private volatile Socket socket;

        SocketCapture(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        void closeSocket() {
            Socket s = socket;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing is all we wanted
                }
            }
        }

        private Socket keep(Socket s) {
            socket = s;
            return s;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return keep(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket plain, String host, int port, boolean autoClose)
                throws IOException {
            keep(plain); // the TCP socket under TLS: closing it fails a blocked read at once
            return delegate.createSocket(plain, host, port, autoClose);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return keep(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort)
                throws IOException {
            return keep(delegate.createSocket(host, port, local, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return keep(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
                throws IOException {
            return keep(delegate.createSocket(host, port, local, localPort));
        }
    }

    private HttpURLConnection open(String pathAndQuery, String authorization) throws IOException {
        URL url = URI.create(base + pathAndQuery).toURL();
        HttpURLConnection connection =
                (HttpURLConnection)
                        (proxy.isPresent()
                                ? url.openConnection(proxy.get())
                                : url.openConnection());
        if (connection instanceof HttpsURLConnection) {
            HttpsURLConnection https = (HttpsURLConnection) connection;
            if (tls.isPresent()) {
                https.setSSLSocketFactory(tls.get());
            }
            if (hostnames.isPresent()) {
                https.setHostnameVerifier(hostnames.get());
            }
        }
        connection.setAuthenticator(NO_AUTHENTICATOR);
        connection.setUseCaches(false);
        connection.setInstanceFollowRedirects(false);
        connection.setRequestProperty("Accept", "application/json");
        connection.setRequestProperty("User-Agent", userAgent);
        if (authorization != null) {
            connection.setRequestProperty("Authorization", authorization);
        }
        return connection;
    }
}
