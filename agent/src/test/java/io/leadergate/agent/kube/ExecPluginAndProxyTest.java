package io.leadergate.agent.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two ways of reaching a cluster from outside that need more than a kubeconfig's fields: an
 * exec credential plugin (a script printing an ExecCredential, as aws eks get-token does) and an
 * HTTPS_PROXY that tunnels with CONNECT (a small proxy on loopback).
 */
class ExecPluginAndProxyTest {

    @Test
    void anExecPluginsTokenIsSentAndRefreshedAfterA401(@TempDir Path dir) throws Exception {
        // The plugin issues t1, t2, ... one per run; the server accepts only t2 (t1 "expired").
        Path counter = dir.resolve("runs");
        Path plugin = dir.resolve("get-token.sh");
        Files.writeString(
                plugin,
                String.join(
                        "\n",
                        "#!/bin/sh",
                        "n=$(( $(cat '" + counter + "' 2>/dev/null || echo 0) + 1 ))",
                        "echo $n > '" + counter + "'",
                        "echo \"{\\\"apiVersion\\\": \\\"client.authentication.k8s.io/v1beta1\\\", \\\"kind\\\": \\\"ExecCredential\\\", "
                                + "\\\"status\\\": {\\\"token\\\": \\\"t$n$1\\\"}}\"",
                        ""));
        Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwx------"));
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                    seen.add(authorization);
                    int code = "Bearer t2-suffix".equals(authorization) ? 200 : 401;
                    byte[] body =
                            ("{\"kind\":\"Status\",\"code\":" + code + "}")
                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(code, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
        server.start();
        try {
            Path kubeconfig =
                    TestPki.kubeconfig(
                            dir.resolve("config"),
                            "{server: 'http://127.0.0.1:" + server.getAddress().getPort() + "'}",
                            "exec:",
                            "  apiVersion: client.authentication.k8s.io/v1beta1",
                            // relative to the kubeconfig, as client-go resolves it
                            "  command: ./get-token.sh",
                            "  args: [-suffix]");
            ApiServer api = ServerAccess.fromKubeconfig(kubeconfig, Map.of(), "test");

            ApiServer.Reply reply = api.call("GET", "/apis", null, Duration.ofSeconds(10));

            assertEquals(200, reply.code);
            assertEquals(List.of("Bearer t1-suffix", "Bearer t2-suffix"), seen);
            assertEquals(
                    "2",
                    Files.readString(counter).trim(),
                    "the plugin ran once at start, once after the 401");
            api.call("GET", "/apis", null, Duration.ofSeconds(10));
            assertEquals("Bearer t2-suffix", seen.get(2), "the refreshed token is kept");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aFailingExecPluginIsOneClearError(@TempDir Path dir) throws Exception {
        Path kubeconfig = dir.resolve("config");
        Files.writeString(
                kubeconfig,
                String.join(
                        "\n",
                        "apiVersion: v1",
                        "kind: Config",
                        "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]",
                        "users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: /bin/false}}}]",
                        "contexts: [{name: x, context: {cluster: c, user: u}}]",
                        "current-context: x",
                        ""));
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> ServerAccess.fromKubeconfig(kubeconfig, Map.of(), "test"));
        assertTrue(
                e.getMessage().contains("exec credential plugin (/bin/false) produced no token"),
                e.getMessage());
    }

    @Test
    void httpsProxyTunnelsWithConnect(@TempDir Path dir) throws Exception {
        TestPki pki = new TestPki();
        HttpsServer server = pki.mutualTlsServer(new AtomicReference<>());
        try (ConnectProxy proxy = new ConnectProxy(server.getAddress().getPort())) {
            KeyPair keys = TestPki.keys("EC");
            // A name only the proxy can resolve, so the request cannot succeed without it.
            Path kubeconfig =
                    TestPki.kubeconfig(
                            dir.resolve("config"),
                            "{server: 'https://kube.invalid:6443', insecure-skip-tls-verify: true}",
                            "client-certificate-data: "
                                    + TestPki.base64(
                                            TestPki.traditionalPem(pki.issue("via-proxy", keys))),
                            "client-key-data: "
                                    + TestPki.base64(TestPki.traditionalPem(keys.getPrivate())));
            Map<String, String> env =
                    Map.of(
                            "HTTPS_PROXY",
                            "http://127.0.0.1:" + proxy.port(),
                            "NO_PROXY",
                            "example.com");
            ApiServer api = ServerAccess.fromKubeconfig(kubeconfig, env, "test");

            ApiServer.Reply reply = api.call("GET", "/version", null, Duration.ofSeconds(10));

            assertEquals(200, reply.code);
            assertTrue(reply.body.contains("CN=via-proxy"), reply.body);
            assertEquals("CONNECT kube.invalid:6443 HTTP/1.1", proxy.requests.get(0));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aTrustedCertificateThatDoesNotNameTheServerIsRefused(@TempDir Path dir) throws Exception {
        // The CA is trusted, but its server certificate names 127.0.0.1 and localhost only, and
        // the tunnel reaches it as kube.invalid: the host-name check must refuse it, as
        // HttpsURLConnection did (insecure-skip-tls-verify skips it: the test above).
        TestPki pki = new TestPki();
        HttpsServer server = pki.mutualTlsServer(new AtomicReference<>());
        try (ConnectProxy proxy = new ConnectProxy(server.getAddress().getPort())) {
            Path kubeconfig =
                    TestPki.kubeconfig(
                            dir.resolve("config"),
                            "{server: 'https://kube.invalid:6443', certificate-authority-data: "
                                    + TestPki.base64(TestPki.traditionalPem(pki.ca))
                                    + "}",
                            "token: secret");
            ApiServer api =
                    ServerAccess.fromKubeconfig(
                            kubeconfig,
                            Map.of("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port()),
                            "test");

            SSLHandshakeException e =
                    assertThrows(
                            SSLHandshakeException.class,
                            () -> api.call("GET", "/version", null, Duration.ofSeconds(10)));

            assertTrue(e.getMessage().contains("kube.invalid"), e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    /**
     * An HTTP CONNECT proxy that tunnels every target to one local port and records the request
     * lines.
     */
    private static final class ConnectProxy implements AutoCloseable {
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final ServerSocket socket =
                new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final int target;

        ConnectProxy(int target) throws IOException {
            this.target = target;
            Thread acceptor = new Thread(this::accept, "test-connect-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    BufferedReader head =
                            new BufferedReader(
                                    new InputStreamReader(
                                            client.getInputStream(), StandardCharsets.ISO_8859_1),
                                    1);
                    requests.add(head.readLine());
                    for (String line = head.readLine();
                            line != null && !line.isEmpty();
                            line = head.readLine()) {
                        // headers: ignored
                    }
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    client.getOutputStream()
                            .write(
                                    "HTTP/1.1 200 Connection established\r\n\r\n"
                                            .getBytes(StandardCharsets.ISO_8859_1));
                    pipe(client.getInputStream(), upstream.getOutputStream());
                    pipe(upstream.getInputStream(), client.getOutputStream());
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void pipe(InputStream in, OutputStream out) {
            Thread t =
                    new Thread(
                            () -> {
                                try (in;
                                        out) {
                                    in.transferTo(out);
                                } catch (IOException ignored) {
                                    // one side closed
                                }
                            },
                            "test-connect-proxy-pipe");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
