package io.leadergate.agent.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubeconfig credentials read without client-java's {@code KubeConfig} (it is built only for
 * exec plugins and auth providers: ExecPluginAndProxyTest): an inline token with the CA inline
 * (base64 with line breaks, as some tools wrap it), basic auth, {@code insecure-skip-tls-verify}
 * against a server the JDK does not trust, and the errors for files that are not kubeconfigs.
 */
class KubeconfigCredentialsTest {

    private final TestPki pki = new TestPki();
    private final AtomicReference<String> seen = new AtomicReference<>();
    private HttpsServer server;
    @TempDir Path dir;

    @BeforeEach
    void serve() throws Exception {
        server = pki.mutualTlsServer(seen);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    private int get(Path kubeconfig) throws IOException {
        return ServerAccess.fromKubeconfig(kubeconfig, Map.of(), "test")
                .call("GET", "/version", null, Duration.ofSeconds(10))
                .code;
    }

    @Test
    void sendsTheInlineTokenTrustingTheInlineCaWrappedOverLines() throws Exception {
        String wrapped =
                Base64.getMimeEncoder()
                        .encodeToString(
                                TestPki.traditionalPem(pki.ca).getBytes(StandardCharsets.UTF_8));
        assertTrue(wrapped.contains("\r\n"), "the CA data is wrapped");
        Path kubeconfig =
                TestPki.kubeconfig(
                        dir.resolve("config"),
                        "{server: '"
                                + url()
                                + "', certificate-authority-data: \""
                                + wrapped.replace("\r\n", "\\n")
                                + "\"}",
                        "token: inline-token");

        assertEquals(200, get(kubeconfig));
        assertEquals("Bearer inline-token", seen.get());
    }

    @Test
    void sendsBasicAuth() throws Exception {
        Files.writeString(dir.resolve("ca.crt"), TestPki.traditionalPem(pki.ca));
        Path kubeconfig =
                TestPki.kubeconfig(
                        dir.resolve("config"),
                        "{server: '" + url() + "', certificate-authority: ca.crt}",
                        "username: admin",
                        "password: 's3cret'");

        assertEquals(200, get(kubeconfig));
        assertEquals(
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8)),
                seen.get());
    }

    @Test
    void insecureSkipTlsVerifyTrustsAnUnknownServer() throws Exception {
        Path kubeconfig =
                TestPki.kubeconfig(
                        dir.resolve("config"),
                        "{server: '" + url() + "', insecure-skip-tls-verify: true}",
                        "token: t");

        assertEquals(200, get(kubeconfig));
        assertEquals("Bearer t", seen.get());
    }

    @Test
    void withoutTheCaTheServerIsNotTrusted() throws Exception {
        Path kubeconfig =
                TestPki.kubeconfig(dir.resolve("config"), "{server: '" + url() + "'}", "token: t");

        assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> get(kubeconfig));
    }

    @Test
    void aFileThatIsNotAKubeconfigIsNamed() throws Exception {
        Path notYaml = Files.writeString(dir.resolve("list"), "- just\n- a list\n");
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> ServerAccess.fromKubeconfig(notYaml, Map.of(), "test"));
        assertTrue(e.getMessage().contains("is not a valid kubeconfig"), e.getMessage());

        Path noContext = Files.writeString(dir.resolve("empty"), "apiVersion: v1\nkind: Config\n");
        e =
                assertThrows(
                        IOException.class,
                        () -> ServerAccess.fromKubeconfig(noContext, Map.of(), "test"));
        assertTrue(e.getMessage().contains("no current-context is set"), e.getMessage());
    }

    @Test
    void badBase64DataIsNamed() throws Exception {
        Path kubeconfig =
                TestPki.kubeconfig(
                        dir.resolve("config"),
                        "{server: '" + url() + "', certificate-authority-data: 'not*base64'}",
                        "token: t");
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> ServerAccess.fromKubeconfig(kubeconfig, Map.of(), "test"));
        assertTrue(e.getMessage().contains("certificate-authority-data"), e.getMessage());
    }
}
