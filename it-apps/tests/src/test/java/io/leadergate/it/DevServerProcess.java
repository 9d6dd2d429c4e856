package io.leadergate.it;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Leadergate dev API server (a real HTTP Kubernetes Lease API) in its own JVM, on a free port,
 * with a kubeconfig for the replicas written into the test's log directory.
 */
final class DevServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("leadergate-devserver listening on (http\\S+)");
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
        Path kubeconfig = logDir.resolve("kubeconfig");
        List<String> command = List.of(ItConfig.testJava().toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", ItConfig.devServerJar().toString(), "--port", "0", "--kubeconfig", kubeconfig.toString());
        ChildJvm jvm = ChildJvm.start("devserver", command, Map.of(), logDir);
        try {
            Matcher listening = jvm.awaitStdoutLine(LISTENING, STARTUP);
            if (!Files.isRegularFile(kubeconfig)) {
                throw new AssertionError("dev server is listening but wrote no kubeconfig at " + kubeconfig + "\n" + jvm.describe());
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
