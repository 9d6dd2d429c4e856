package io.leadergate.agent.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server-name check for a CA the kubeconfig names (client-go's: Go's {@code VerifyHostname};
 * see {@link ServerName}) and {@code tls-server-name}, through real TLS handshakes with a server on
 * loopback whose certificate, signed by the kubeconfig's CA, carries exactly the names each test
 * gives it. The server records, per connection, the SNI the client sent, whether the handshake
 * completed, and every byte it received after it: a refused server must see no request byte.
 */
class ServerNameCheckTest {

    private final TestPki pki = new TestPki();
    private Server server;
    @TempDir Path dir;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aDnsSanMatchesTheHostInAnyCase() throws Exception {
        server = serve(dns("localhost"));
        assertAccepted(get("https://localhost:" + server.port(), null));
        assertAccepted(get("https://LocalHost:" + server.port(), null));
    }

    @Test
    void caseAndATrailingDotOfTheNameDoNotMatter() throws Exception {
        server = serve(dns("Kube.Example.COM"));
        assertAccepted(get(loopback(), "kube.example.com"));
        assertAccepted(get(loopback(), "KUBE.example.com."));
    }

    @Test
    void aWildcardStandsForExactlyOneLeftMostLabel() throws Exception {
        server = serve(dns("*.example.com"));
        assertAccepted(get(loopback(), "a.example.com"));
        assertRefused(get(loopback(), "a.b.example.com"), "a.b.example.com", "*.example.com");
        assertRefused(get(loopback(), "example.com"), "example.com", "*.example.com");
    }

    @Test
    void anIpv4HostMatchesAnIpSan() throws Exception {
        server = serve(ip("127.0.0.1"));
        assertAccepted(get(loopback(), null));
    }

    @Test
    void anIpv6HostMatchesAnIpSanWrittenDifferently() throws Exception {
        // The SAN holds the address's 16 bytes; the URL writes it short, the JDK long.
        server = serve(InetAddress.getByName("::1"), ip("0:0:0:0:0:0:0:1"));
        assertAccepted(get("https://[::1]:" + server.port(), null));
        server.close();
        server = serve(ip("::1"));
        assertAccepted(get(loopback(), "0:0:0:0:0:0:0:1"));
        assertAccepted(get(loopback(), "[0::1]"));
    }

    @Test
    void anIpHostDoesNotMatchADnsSanOfTheSameText() throws Exception {
        server = serve(dns("127.0.0.1"));
        assertRefused(get(loopback(), null), "127.0.0.1");
    }

    @Test
    void aCommonNameIsNotAServerName() throws Exception {
        server = serve("localhost"); // CN=localhost, no subject alternative names
        Outcome refused = get("https://localhost:" + server.port(), null);
        assertRefused(refused, "localhost");
        assertTrue(
                refused.error.getMessage().contains("no subject alternative names"),
                refused.error.getMessage());
    }

    @Test
    void aMismatchNamesTheNameWantedAndEveryNameOfTheCertificate() throws Exception {
        server = serve(dns("localhost"), dns("kube.internal"), ip("127.0.0.1"));
        Outcome refused = get(loopback(), "kube.invalid");
        assertRefused(refused, "kube.invalid");
        assertTrue(
                refused.error
                        .getMessage()
                        .contains(
                                "is valid for localhost, kube.internal, 127.0.0.1, not kube.invalid"),
                refused.error.getMessage());
    }

    @Test
    void tlsServerNameIsCheckedInsteadOfTheHostAndSentAsSni() throws Exception {
        server = serve(dns("kubernetes.default.svc"));
        Outcome accepted = get(loopback(), "kubernetes.default.svc");
        assertAccepted(accepted);
        assertEquals("kubernetes.default.svc", accepted.connection.sni);

        // The URL's host is not checked once tls-server-name is set: the same server refused.
        server.close();
        server = serve(ip("127.0.0.1"));
        assertRefused(get(loopback(), "kubernetes.default.svc"), "kubernetes.default.svc");
    }

    @Test
    void aRefusedServerReceivesNoRequestByte() throws Exception {
        server = serve(dns("other.example"));
        Outcome refused = get(loopback(), "kube.example");
        assertRefused(refused, "kube.example");
        assertEquals("", refused.connection.received, "bytes the server received");
    }

    @Test
    void aTlsServerNameThatIsNotAHostNameIsRefusedWhenRead() throws Exception {
        for (String bad : new String[] {"https://kube.example", "kube.example:6443", "a b"}) {
            Path kubeconfig = kubeconfig("https://127.0.0.1:1", "'" + bad + "'");
            IOException e =
                    assertThrows(
                            IOException.class,
                            () -> ServerAccess.fromKubeconfig(kubeconfig, Map.of(), "test"));
            assertTrue(
                    e.getMessage().contains("tls-server-name " + bad + " is not a host name"),
                    e.getMessage());
        }
    }

    // ---- the client side: the agent's own ApiServer from a kubeconfig ----

    /** What the client got, and what the server saw of that one connection. */
    private static final class Outcome {
        final Integer code;
        final IOException error;
        final Connection connection;

        Outcome(Integer code, IOException error, Connection connection) {
            this.code = code;
            this.error = error;
            this.connection = connection;
        }
    }

    private String loopback() {
        return "https://127.0.0.1:" + server.port();
    }

    private Path kubeconfig(String url, String tlsServerName) throws IOException {
        return TestPki.kubeconfig(
                dir.resolve("config"),
                "{server: '"
                        + url
                        + "', certificate-authority-data: "
                        + TestPki.base64(TestPki.traditionalPem(pki.ca))
                        + (tlsServerName == null ? "" : ", tls-server-name: " + tlsServerName)
                        + "}",
                "token: secret-token");
    }

    private Outcome get(String url, String tlsServerName) throws Exception {
        ApiServer api =
                ServerAccess.fromKubeconfig(
                        kubeconfig(url, tlsServerName == null ? null : "'" + tlsServerName + "'"),
                        Map.of(),
                        "test");
        Integer code = null;
        IOException error = null;
        try {
            code = api.call("GET", "/version", null, Duration.ofSeconds(10)).code;
        } catch (IOException e) {
            error = e;
        }
        Connection connection = server.connections.poll(10, TimeUnit.SECONDS);
        assertNotNull(connection, "the server saw the connection");
        return new Outcome(code, error, connection);
    }

    private static void assertAccepted(Outcome outcome) {
        assertEquals(200, outcome.code, () -> "refused: " + outcome.error);
        assertTrue(outcome.connection.handshook);
        assertTrue(outcome.connection.received.contains("Authorization: Bearer secret-token"));
    }

    private static void assertRefused(Outcome outcome, String... named) {
        assertNotNull(outcome.error, "refused");
        assertTrue(outcome.error instanceof SSLHandshakeException, outcome.error.toString());
        for (String name : named) {
            assertTrue(outcome.error.getMessage().contains(name), outcome.error.getMessage());
        }
        assertEquals(false, outcome.connection.handshook, "the server's handshake completed");
        assertEquals("", outcome.connection.received);
    }

    // ---- the server side ----

    private static GeneralName dns(String name) {
        return new GeneralName(GeneralName.dNSName, name);
    }

    private static GeneralName ip(String address) {
        return new GeneralName(GeneralName.iPAddress, address);
    }

    private Server serve(GeneralName... sans) throws Exception {
        return serve(InetAddress.getByName("127.0.0.1"), "server", sans);
    }

    private Server serve(InetAddress address, GeneralName... sans) throws Exception {
        return serve(address, "server", sans);
    }

    private Server serve(String commonNameOnly) throws Exception {
        return serve(InetAddress.getByName("127.0.0.1"), commonNameOnly);
    }

    private Server serve(InetAddress address, String commonName, GeneralName... sans)
            throws Exception {
        KeyPair keys = TestPki.keys("EC");
        X509Certificate certificate = pki.issue(commonName, keys, sans);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(
                "server", keys.getPrivate(), new char[0], new X509Certificate[] {certificate});
        KeyManagerFactory keyManagers =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        return new Server(
                (SSLServerSocket)
                        context.getServerSocketFactory().createServerSocket(0, 50, address));
    }

    /** One connection as the server saw it. */
    private static final class Connection {
        volatile String sni;
        boolean handshook;
        String received = "";
    }

    /**
     * A TLS server that records each connection: SNI, handshake, the bytes of the request head; it
     * answers {@code {}} and closes.
     */
    private static final class Server implements AutoCloseable {
        final BlockingQueue<Connection> connections = new LinkedBlockingQueue<>();
        private final SSLServerSocket socket;
        private final Thread thread;

        Server(SSLServerSocket socket) {
            this.socket = socket;
            this.thread = new Thread(this::run, "tls-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void run() {
            while (!socket.isClosed()) {
                SSLSocket client;
                try {
                    client = (SSLSocket) socket.accept();
                } catch (IOException closed) {
                    return;
                }
                Connection connection = new Connection();
                try (SSLSocket c = client) {
                    c.setSoTimeout(10_000);
                    SSLParameters parameters = c.getSSLParameters();
                    parameters.setSNIMatchers(
                            List.of(
                                    new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                                        @Override
                                        public boolean matches(SNIServerName name) {
                                            connection.sni =
                                                    new String(
                                                            name.getEncoded(),
                                                            StandardCharsets.US_ASCII);
                                            return true;
                                        }
                                    }));
                    c.setSSLParameters(parameters);
                    try {
                        c.startHandshake();
                        connection.handshook = true;
                    } catch (IOException refused) {
                        // the client's alert: nothing else comes on this connection
                    }
                    connection.received = readHead(c.getInputStream());
                    if (connection.handshook) {
                        OutputStream out = c.getOutputStream();
                        out.write(
                                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
                                        .getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                } catch (IOException e) {
                    // recorded below as far as it got
                }
                connections.add(connection);
            }
        }

        /** The bytes up to the end of the head (or the connection's end, or an error). */
        private static String readHead(InputStream in) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                while (!bytes.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b == -1) {
                        break;
                    }
                    bytes.write(b);
                }
            } catch (SocketTimeoutException e) {
                // nothing more came
            } catch (IOException e) {
                // the connection failed: what came before counts
            }
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
