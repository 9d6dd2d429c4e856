package io.leadergate.agent.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod's service account: KUBERNETES_SERVICE_HOST/PORT, its ca.crt, and its token as the kubelet
 * rotates it.
 */
class InClusterTest {

    @Test
    void usesTheServiceAccountAndSendsTheRotatedToken(@TempDir Path serviceAccount)
            throws Exception {
        TestPki pki = new TestPki();
        AtomicReference<String> seen = new AtomicReference<>();
        HttpsServer server = pki.mutualTlsServer(seen);
        try {
            Files.writeString(serviceAccount.resolve("ca.crt"), TestPki.traditionalPem(pki.ca));
            Path token = serviceAccount.resolve("token");
            Files.writeString(token, "first-token\n");
            Map<String, String> env =
                    Map.of(
                            "KUBERNETES_SERVICE_HOST",
                            "127.0.0.1",
                            "KUBERNETES_SERVICE_PORT",
                            String.valueOf(server.getAddress().getPort()));
            ApiServer api = ServerAccess.inCluster(env, serviceAccount, "test");

            assertEquals(200, api.call("GET", "/version", null, Duration.ofSeconds(10)).code);
            assertEquals("Bearer first-token", seen.get());

            Files.writeString(token, "rotated-token\n");
            Files.setLastModifiedTime(
                    token, FileTime.from(Instant.now().plusSeconds(5))); // a different mtime
            assertEquals(200, api.call("GET", "/version", null, Duration.ofSeconds(10)).code);
            assertEquals("Bearer rotated-token", seen.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void outsideAPodWithoutKubeconfigIsOneClearError(@TempDir Path serviceAccount) {
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> ServerAccess.inCluster(Map.of(), serviceAccount, "test"));
        assertTrue(e.getMessage().startsWith("no kubeconfig was found"), e.getMessage());
    }
}
