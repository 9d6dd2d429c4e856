package io.leadergate.agent.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.leadergate.agent.config.HostEnvironment;
import io.leadergate.agent.config.Kubeconfig;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport from a merged kubeconfig: the context in one file, the cluster and the user in a
 * second file in another directory. The user's token file and exec command are found next to the
 * second file, and neither kubeconfig is read again (both are deleted before the client is built).
 */
class MergedKubeconfigTest {

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;
    @TempDir Path dir;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    seen.add(exchange.getRequestHeaders().getFirst("Authorization"));
                    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** The context file in {@code dir/first}, cluster and {@code user} in {@code dir/second}. */
    private Kubeconfig merged(String user) throws Exception {
        Path first = Files.createDirectories(dir.resolve("first")).resolve("context");
        Path second = Files.createDirectories(dir.resolve("second")).resolve("access");
        Files.writeString(
                first,
                "current-context: merged\n"
                        + "contexts: [{name: merged, context: {cluster: dev, user: app}}]\n");
        Files.writeString(
                second,
                "clusters: [{name: dev, cluster: {server: 'http://127.0.0.1:"
                        + server.getAddress().getPort()
                        + "'}}]\n"
                        + "users: [{name: app, user: "
                        + user
                        + "}]\n");
        Kubeconfig kubeconfig = Kubeconfig.read(List.of(first, second), HostEnvironment.system());
        Files.delete(first);
        Files.delete(second);
        return kubeconfig;
    }

    private void get(Kubeconfig kubeconfig) throws Exception {
        ApiServer api = ServerAccess.fromKubeconfig(kubeconfig, Map.of(), "test");
        assertEquals(200, api.call("GET", "/version", null, Duration.ofSeconds(10)).code);
    }

    @Test
    void theSecondFilesUsersTokenFileIsReadNextToIt() throws Exception {
        Files.createDirectories(dir.resolve("second"));
        Files.writeString(dir.resolve("second").resolve("token"), "from-the-second-file\n");

        get(merged("{tokenFile: token}"));

        assertEquals(List.of("Bearer from-the-second-file"), seen);
    }

    @Test
    void theSecondFilesUsersRelativeExecCommandRunsFromItsDirectory() throws Exception {
        Path plugin = Files.createDirectories(dir.resolve("second")).resolve("get-token.sh");
        Files.writeString(
                plugin,
                "#!/bin/sh\n"
                        + "echo '{\"apiVersion\": \"client.authentication.k8s.io/v1beta1\", "
                        + "\"kind\": \"ExecCredential\", \"status\": {\"token\": \"exec-token\"}}'\n");
        Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwx------"));

        get(
                merged(
                        "{exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: ./get-token.sh}}"));

        assertEquals(List.of("Bearer exec-token"), seen);
    }
}
