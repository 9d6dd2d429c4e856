package io.leadergate.agent.kube;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 connection to the API server on a {@link Socket} (TLS: an {@link SSLSocket} layered
 * on it), directly or through an HTTP proxy, and the part of HTTP/1.1 the agent speaks on it: a
 * request with a {@code Content-Length} body, a response head, and its body by {@code
 * Content-Length}, chunked, or read to the close (HTTP/1.0). One exchange at a time; {@link
 * ApiServer} keeps idle connections for the next one. Only JDK classes, and only a few of them: the
 * JDK's {@code HttpURLConnection} cost ~70 classes, java.util.logging and a {@code
 * Keep-Alive-Timer} thread (docs/design.md, "The Kubernetes transport").
 */
final class HttpConnection implements Closeable {

    /** A response head line or chunk-size line longer than this is refused, bytes. */
    private static final int MAX_LINE = 16 * 1024;

    /** More response header lines than this are refused. */
    private static final int MAX_HEADERS = 200;

    /**
     * Where and how to connect: fixed per {@link ApiServer}. TLS (for {@code https} servers) uses
     * {@code tls}, and {@link #serverName} (the URL's host, or the kubeconfig's {@code
     * tls-server-name}) as the host given to {@link SSLSocketFactory#createSocket(Socket, String,
     * int, boolean)}: the JDK sends it as server name indication (not for IP literals). The
     * server's host name is checked either by the trust manager of {@code tls} ({@link
     * NameCheckingTrust}, for a CA the agent was given) or, with {@link #jdkIdentification}, by the
     * JDK's "HTTPS" endpoint identification (RFC 2818, for the JDK's trust store); by neither only
     * for {@code insecure-skip-tls-verify}.
     */
    static final class Route {
        final boolean https;

        /** Without IPv6 brackets. */
        final String host;

        final int port;

        /** {@code host[:port]} as in the URL: the Host header and the CONNECT target. */
        final String authority;

        final SSLSocketFactory tls;

        /** Set the JDK's "HTTPS" endpoint identification on each TLS socket. */
        final boolean jdkIdentification;

        /** The name TLS presents (SNI) and verifies: {@code tls-server-name}, else the host. */
        final String serverName;

        final Optional<Proxy> proxy;

        /**
         * @param serverName null: the URL's host
         */
        Route(
                URI base,
                Optional<SSLSocketFactory> tls,
                boolean jdkIdentification,
                String serverName,
                Optional<Proxy> proxy) {
            this.https = "https".equals(base.getScheme());
            String h = base.getHost();
            this.host = ServerName.withoutBrackets(h);
            this.port = base.getPort() >= 0 ? base.getPort() : https ? 443 : 80;
            this.authority = base.getPort() >= 0 ? h + ":" + base.getPort() : h;
            this.tls =
                    !https ? null : tls.isPresent() ? tls.get() : systemTls(); // no lambda: a class
            this.jdkIdentification = jdkIdentification;
            this.serverName = serverName != null ? serverName : host;
            this.proxy = proxy;
        }

        private static SSLSocketFactory systemTls() {
            try {
                // The JDK's defaults, not HttpsURLConnection's, which an application may replace.
                return javax.net.ssl.SSLContext.getDefault().getSocketFactory();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JVM has no default TLS context", e);
            }
        }

        /**
         * The request line's target: origin form, or absolute form for a plain-HTTP server through
         * a proxy (RFC 9112 section 3.2.2).
         */
        String target(String pathAndQuery) {
            return !https && proxy.isPresent()
                    ? "http://" + authority + pathAndQuery
                    : pathAndQuery;
        }
    }

    /** The TCP socket: closing it fails a read blocked in another thread at once, TLS or not. */
    private final Socket tcp;

    private final BufferedInputStream in;
    private final OutputStream out;

    /** Whether the server sent a byte of the response to the last request written. */
    private boolean received;

    /** {@link System#nanoTime()} when this connection last went idle. */
    long idleSince;

    private HttpConnection(Socket tcp, Socket socket) throws IOException {
        this.tcp = tcp;
        this.in = new BufferedInputStream(socket.getInputStream(), 8192);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
    }

    /**
     * Connects to {@code route}'s server (through its proxy: {@code CONNECT} for TLS), and shakes
     * hands when it is TLS; all of it within {@code timeoutMillis}: the connect may take all of it,
     * each read of the proxy's answer and the handshake at most what is left.
     *
     * @throws IOException the JDK's own types (ConnectException, UnknownHostException,
     *     SocketTimeoutException, SSLHandshakeException), or a proxy's refusal to tunnel
     */
    static HttpConnection open(Route route, String userAgent, long deadlineNanos)
            throws IOException {
        // NO_PROXY: the application's SOCKS settings and ProxySelector are not ours to follow.
        Socket tcp = new Socket(Proxy.NO_PROXY);
        try {
            InetSocketAddress proxy =
                    route.proxy.isPresent()
                            ? (InetSocketAddress) route.proxy.get().address()
                            : null;
            InetSocketAddress address =
                    proxy != null
                            ? new InetSocketAddress(proxy.getHostString(), proxy.getPort())
                            : new InetSocketAddress(route.host, route.port);
            tcp.setTcpNoDelay(true);
            tcp.connect(address, remainingMillis(deadlineNanos, "connect timed out"));
            tcp.setSoTimeout(remainingMillis(deadlineNanos, "connect timed out"));
            Socket socket = tcp;
            if (route.https) {
                if (proxy != null) {
                    tunnel(tcp, route, userAgent);
                }
                SSLSocket ssl =
                        (SSLSocket) route.tls.createSocket(tcp, route.serverName, route.port, true);
                if (route.jdkIdentification) {
                    SSLParameters parameters = ssl.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    ssl.setSSLParameters(parameters);
                }
                tcp.setSoTimeout(remainingMillis(deadlineNanos, "TLS handshake timed out"));
                ssl.startHandshake();
                socket = ssl;
            }
            return new HttpConnection(tcp, socket);
        } catch (IOException | RuntimeException e) {
            closeQuietly(tcp);
            throw e;
        }
    }

    /** {@code CONNECT host:port} through the proxy on {@code tcp}; returns once it tunnels. */
    private static void tunnel(Socket tcp, Route route, String userAgent) throws IOException {
        OutputStream out = tcp.getOutputStream();
        out.write(
                ("CONNECT "
                                + route.authority
                                + " HTTP/1.1\r\nHost: "
                                + route.authority
                                + "\r\nUser-Agent: "
                                + headerValue(userAgent)
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        // Unbuffered, so that no byte of the TLS stream after the answer is taken from it.
        InputStream in = tcp.getInputStream();
        String status = line(in);
        if (status == null) {
            throw new SocketException(
                    "the proxy "
                            + tcp.getRemoteSocketAddress()
                            + " closed the connection"
                            + " instead of answering CONNECT "
                            + route.authority);
        }
        int code = statusCode(status);
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            // the proxy's headers: nothing in them changes the tunnel
        }
        if (code < 200 || code > 299) {
            throw new IOException(
                    "the proxy "
                            + tcp.getRemoteSocketAddress()
                            + " refused to tunnel to "
                            + route.authority
                            + ": "
                            + status
                            + (code == 407
                                    ? ". Fix: the agent does not authenticate to proxies; allow"
                                            + " the API server through it without credentials, or"
                                            + " list it in NO_PROXY"
                                    : ""));
        }
    }

    /** The response head, once the request is written: status, framing, what the agent reads. */
    static final class Head {
        final int code;

        /** The {@code Retry-After} header's value; null when absent. */
        final String retryAfter;

        /** The connection may serve another exchange once this response's body has been read. */
        final boolean keepAlive;

        final long contentLength;
        final boolean chunked;

        Head(int code, String retryAfter, boolean keepAlive, long contentLength, boolean chunked) {
            this.code = code;
            this.retryAfter = retryAfter;
            this.keepAlive = keepAlive;
            this.contentLength = contentLength;
            this.chunked = chunked;
        }
    }

    /**
     * Writes one request and reads the head of its response (skipping 1xx). The caller then reads
     * the {@link #body} to its end before the connection serves anything else.
     *
     * @param headers {@code Name: value\r\n} lines beyond Host, Content-Type and Content-Length
     * @param jsonBody null: none
     */
    Head exchange(String method, String target, String host, String headers, String jsonBody)
            throws IOException {
        byte[] body = jsonBody == null ? null : jsonBody.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder(256);
        request.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        request.append("Host: ").append(host).append("\r\n").append(headers);
        if (body != null) {
            request.append("Content-Type: application/json; charset=utf-8\r\n");
            request.append("Content-Length: ").append(body.length).append("\r\n");
        }
        request.append("\r\n");
        received = false;
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
        in.mark(1);
        if (in.read() == -1) {
            throw new SocketException("the server closed the connection without answering");
        }
        received = true;
        in.reset();
        while (true) {
            String status = line(in);
            if (status == null) {
                throw new SocketException("the server closed the connection mid-response");
            }
            int code = statusCode(status);
            boolean http10 = status.startsWith("HTTP/1.0");
            String retryAfter = null;
            String connection = "";
            String transferEncoding = "";
            long contentLength = -1;
            int count = 0;
            for (String header = line(in); ; header = line(in)) {
                if (header == null) {
                    throw new SocketException("the server closed the connection mid-response");
                }
                if (header.isEmpty()) {
                    break;
                }
                if (++count > MAX_HEADERS) {
                    throw new IOException("the response has more than " + MAX_HEADERS + " headers");
                }
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    continue; // not a header: ignored, as lenient clients do
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length":
                        contentLength = contentLength(value);
                        break;
                    case "transfer-encoding":
                        transferEncoding = value.toLowerCase(Locale.ROOT);
                        break;
                    case "connection":
                        connection = connection + "," + value.toLowerCase(Locale.ROOT);
                        break;
                    case "retry-after":
                        retryAfter = value;
                        break;
                    default:
                        break;
                }
            }
            if (code >= 100 && code < 200 && code != 101) {
                continue; // an interim answer (100 Continue, 103): the real one follows
            }
            boolean chunked = transferEncoding.endsWith("chunked");
            boolean noBody = "HEAD".equals(method) || code == 204 || code == 304;
            boolean delimited = noBody || chunked || contentLength >= 0;
            boolean keepAlive =
                    delimited
                            && !connection.contains("close")
                            && (!http10 || connection.contains("keep-alive"));
            return new Head(code, retryAfter, keepAlive, noBody ? 0 : contentLength, chunked);
        }
    }

    /** The body of the response whose head {@link #exchange} read. */
    InputStream body(Head head) {
        if (head.chunked) {
            return new ChunkedBody(in);
        }
        if (head.contentLength >= 0) {
            return new FixedBody(in, head.contentLength);
        }
        return in; // to the close: HTTP/1.0 without a length, or a server that closes after it
    }

    /** True until the server has sent a byte of the response to the last request. */
    boolean nothingReceived() {
        return !received;
    }

    /** The read timeout of each later read, as {@link Socket#setSoTimeout}. */
    void readTimeout(int millis) throws SocketException {
        tcp.setSoTimeout(millis);
    }

    /** Closes the TCP socket: never blocks, and fails a read blocked in another thread at once. */
    @Override
    public void close() {
        closeQuietly(tcp);
    }

    /** A body read to its end, as UTF-8. */
    static String readAll(InputStream body) throws IOException {
        return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }

    /**
     * The next line of {@code body} (LF or CRLF), as UTF-8; null at its end. A last line without
     * its LF counts.
     */
    static String readLine(InputStream body) throws IOException {
        ByteArrayOutputStream line = null;
        for (int b = body.read(); b != -1; b = body.read()) {
            if (b == '\n') {
                return line == null ? "" : utf8WithoutCr(line.toByteArray());
            }
            if (line == null) {
                line = new ByteArrayOutputStream(512);
            }
            line.write(b);
        }
        return line == null ? null : utf8WithoutCr(line.toByteArray());
    }

    private static String utf8WithoutCr(byte[] bytes) {
        int length =
                bytes.length > 0 && bytes[bytes.length - 1] == '\r'
                        ? bytes.length - 1
                        : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** A header value that cannot end the header early (a token file with a line break in it). */
    static String headerValue(String value) throws IOException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c > 0xff) {
                throw new IOException(
                        "a request header value contains a line break or a character outside"
                                + " ISO-8859-1; not sent (check the token or user name)");
            }
        }
        return value;
    }

    static int remainingMillis(long deadlineNanos, String what) throws SocketTimeoutException {
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException(what);
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private static int statusCode(String status) throws IOException {
        // HTTP/1.x SP 3DIGIT [SP reason]
        if (status.startsWith("HTTP/1.") && status.length() >= 12 && status.charAt(8) == ' ') {
            int code = 0;
            for (int i = 9; i < 12; i++) {
                char c = status.charAt(i);
                if (c < '0' || c > '9') {
                    code = -1;
                    break;
                }
                code = code * 10 + (c - '0');
            }
            if (code >= 100 && (status.length() == 12 || status.charAt(12) == ' ')) {
                return code;
            }
        }
        throw new IOException("not an HTTP/1.x status line: " + printable(status));
    }

    private static long contentLength(String value) throws IOException {
        try {
            long length = Long.parseLong(value);
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IOException("a response with Content-Length " + printable(value));
    }

    private static String printable(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(c < ' ' || c > '~' ? '?' : c);
        }
        return out.toString();
    }

    /** A head or chunk-size line in ISO-8859-1 without its CRLF; null at EOF before any byte. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); ; b = in.read()) {
            if (b == -1) {
                if (line.length() == 0) {
                    return null;
                }
                throw new SocketException("the server closed the connection mid-line");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r'
                        ? line.substring(0, end - 1)
                        : line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("a response line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    /**
     * A body of a known length; {@link #finished()} once all of it was read. EOF before it ends is
     * an error, not a short body.
     */
    private static final class FixedBody extends Body {
        private final InputStream in;
        private long left;

        FixedBody(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n == -1) {
                throw new SocketException("the server closed the connection mid-body");
            }
            left -= n;
            return n;
        }

        @Override
        boolean finished() {
            return left == 0;
        }
    }

    /**
     * A chunked body (RFC 9112 section 7.1): the watch stream and many ordinary answers; chunk
     * extensions and trailers are read and ignored.
     */
    private static final class ChunkedBody extends Body {
        private final InputStream in;

        /** Bytes left in the current chunk; -1 before the first chunk and after a chunk's CRLF. */
        private long left = -1;

        private boolean done;

        ChunkedBody(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (left <= 0) {
                if (left == 0) {
                    endOfChunk();
                }
                left = chunkSize();
                if (left == 0) {
                    for (String trailer = line(in); ; trailer = line(in)) {
                        if (trailer == null) {
                            throw new SocketException("the server closed the connection mid-body");
                        }
                        if (trailer.isEmpty()) {
                            break;
                        }
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n == -1) {
                throw new SocketException("the server closed the connection mid-chunk");
            }
            left -= n;
            return n;
        }

        private void endOfChunk() throws IOException {
            String crlf = line(in);
            if (crlf == null || !crlf.isEmpty()) {
                throw new IOException("a chunk of the response body does not end with CRLF");
            }
        }

        private long chunkSize() throws IOException {
            String size = line(in);
            if (size == null) {
                throw new SocketException("the server closed the connection mid-body");
            }
            int semicolon = size.indexOf(';');
            String hex = (semicolon >= 0 ? size.substring(0, semicolon) : size).trim();
            try {
                long value = Long.parseLong(hex, 16);
                if (value >= 0 && !hex.isEmpty() && hex.charAt(0) != '-' && hex.charAt(0) != '+') {
                    return value;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IOException("not a chunk size: " + printable(size));
        }

        @Override
        boolean finished() {
            return done;
        }
    }

    /** A framed response body; the connection's own stream stays open for the next exchange. */
    abstract static class Body extends InputStream {
        private final byte[] one = new byte[1];

        /** The whole body has been read: the connection is at the next response. */
        abstract boolean finished();

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xff;
        }
    }

    /** True once {@code body} was read to its end and the connection may be used again. */
    static boolean reusable(Head head, InputStream body) {
        return head.keepAlive && body instanceof Body && ((Body) body).finished();
    }
}
