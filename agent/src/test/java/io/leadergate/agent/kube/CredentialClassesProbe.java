package io.leadergate.agent.kube;

import com.sun.net.httpserver.HttpsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Run in a JVM of its own by {@link CredentialClassesTest}: reaches a TLS server the way {@code
 * args[0]} says (in-cluster, a kubeconfig with a token, one with an exec plugin) in a directory
 * {@code args[1]}, once, and prints the Authorization the server saw.
 */
public final class CredentialClassesProbe {
    public static void main(String[] args) throws Exception {
        TestPki pki = new TestPki();
        AtomicReference<String> seen = new AtomicReference<>();
        HttpsServer server = pki.mutualTlsServer(seen);
        try {
            Path dir = Path.of(args[1]);
            String url = "https://127.0.0.1:" + server.getAddress().getPort();
            Files.writeString(dir.resolve("ca.crt"), TestPki.traditionalPem(pki.ca));
            ApiServer api;
            switch (args[0]) {
                case "in-cluster":
                    Files.writeString(dir.resolve("token"), "service-account-token\n");
                    api =
                            ServerAccess.inCluster(
                                    Map.of(
                                            "KUBERNETES_SERVICE_HOST",
                                            "127.0.0.1",
                                            "KUBERNETES_SERVICE_PORT",
                                            String.valueOf(server.getAddress().getPort())),
                                    dir,
                                    "probe");
                    break;
                case "token":
                    api = throughKubeconfig(dir, url, "token: kubeconfig-token");
                    break;
                default:
                    Path plugin = dir.resolve("plugin.sh");
                    Files.writeString(
                            plugin,
                            "#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
                                    + "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"exec-token\"}}'\n");
                    plugin.toFile().setExecutable(true);
                    api =
                            throughKubeconfig(
                                    dir,
                                    url,
                                    "exec: {apiVersion: client.authentication.k8s.io/v1beta1,"
                                            + " command: ./plugin.sh}");
            }
            int code = api.call("GET", "/version", null, Duration.ofSeconds(10)).code;
            System.out.println(code + " " + seen.get());
        } finally {
            server.stop(0);
        }
    }

    /** The server at {@code url} through a kubeconfig in {@code dir} whose user is {@code user}. */
    private static ApiServer throughKubeconfig(Path dir, String url, String user) throws Exception {
        return ServerAccess.fromKubeconfig(
                TestPki.kubeconfig(
                        dir.resolve("config"),
                        "{server: '" + url + "', certificate-authority: ca.crt}",
                        user),
                Map.of(),
                "probe");
    }
}
