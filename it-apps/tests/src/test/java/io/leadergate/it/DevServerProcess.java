package io.leadergate.it;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Leadergate dev API server (a real HTTP Kubernetes Lease API) in its own JVM, on a free port,
 * with a kubeconfig for the replicas written into the test's log directory.
 */
final class DevServerProcess implements AutoCloseable {

    private static final Pattern LISTENING =
            Pattern.compile("leadergate-devserver listening on (http\\S+)");
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final ChildJvm jvm;
    private final URI baseUri;
    private final Path kubeconfig;

    private DevServerProcess(ChildJvm jvm, URI baseUri, Path kubeconfig) {
        this.jvm = jvm;
        this.baseUri = baseUri;
        this.kubeconfig = kubeconfig;
    }

    static DevServerProcess start(Path logDir) {
        return start(logDir, List.of());
    }

    /**
     * With one named client per entry of {@code clients} (own token and kubeconfig, see {@link
     * #kubeconfig(String)}), so that the server's request counts tell the clients apart.
     */
    static DevServerProcess start(Path logDir, List<String> clients) {
        return start(logDir, clients, List.of());
    }

    /** As {@link #start(Path, List)}, with further command-line {@code options}. */
    static DevServerProcess start(Path logDir, List<String> clients, List<String> options) {
        Path kubeconfig = logDir.resolve("kubeconfig");
        List<String> command =
                new ArrayList<>(
                        List.of(
                                ItConfig.testJava().toString(),
                                "-XX:+UseSerialGC",
                                "-XX:TieredStopAtLevel=1",
                                "-jar",
                                ItConfig.devServerJar().toString(),
                                "--port",
                                "0",
                                "--kubeconfig",
                                kubeconfig.toString()));
        command.addAll(options);
        if (!clients.isEmpty()) {
            command.addAll(List.of("--kubeconfig-dir", logDir.toString()));
            for (String client : clients) {
                command.addAll(List.of("--client", client + "=token-" + client));
            }
        }
        ChildJvm jvm = ChildJvm.start("devserver", command, Map.of(), logDir);
        try {
            Matcher listening = jvm.awaitStdoutLine(LISTENING, STARTUP);
            if (!Files.isRegularFile(kubeconfig)) {
                throw new AssertionError(
                        "dev server is listening but wrote no kubeconfig at "
                                + kubeconfig
                                + "\n"
                                + jvm.describe());
            }
            return new DevServerProcess(jvm, URI.create(listening.group(1)), kubeconfig);
        } catch (RuntimeException | Error e) {
            jvm.close();
            throw e;
        }
    }

    URI baseUri() {
        return baseUri;
    }

    /** The kubeconfig of a client named at {@link #start(Path, List)}, written next to the logs. */
    Path kubeconfig(String client) {
        return kubeconfig.resolveSibling(client + ".kubeconfig");
    }

    /** A kubeconfig pointing at this server; what {@code LEADERGATE_KUBECONFIG} names. */
    Path kubeconfig() {
        return kubeconfig;
    }

    String describe() {
        return jvm.describe();
    }

    @Override
    public void close() {
        jvm.terminate();
        try {
            jvm.awaitExit(Duration.ofSeconds(10));
        } catch (AssertionError stuck) {
            // close() below kills it anyway; a slow shutdown is not what the tests are about.
        }
        jvm.close();
    }
}
