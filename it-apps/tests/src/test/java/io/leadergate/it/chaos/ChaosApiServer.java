package io.leadergate.it.chaos;

import io.leadergate.it.ChildJvm;
import io.leadergate.it.ItConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dev API server as a separate JVM that the suite can restart, keeping its data file (Leases
 * and resourceVersion survive) or starting from an empty one (the Lease is gone).
 *
 * <p>Each generation listens on a new port; replicas never see the port, only their {@link
 * TcpProxy}, which is re-pointed. Every generation logs each request with its status ({@code
 * --verbose}), so 409 conflicts can be counted.
 */
final class ChaosApiServer implements AutoCloseable {

    private static final Pattern LISTENING =
            Pattern.compile("leadergate-devserver listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern CONFLICT = Pattern.compile("-> 409 in ");
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration HOOK_TIMEOUT = Duration.ofSeconds(10);

    private final Path logDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HOOK_TIMEOUT).build();
    private final List<ChildJvm> generations = new ArrayList<>();
    private Path dataFile;
    private int port;

    private ChaosApiServer(Path logDir) {
        this.logDir = logDir;
    }

    static ChaosApiServer start(Path logDir) {
        ChaosApiServer server = new ChaosApiServer(logDir);
        server.startGeneration(false);
        return server;
    }

    /** The current generation's port (for proxies, never for replicas directly). */
    int port() {
        return port;
    }

    /** A kubeconfig for a client reaching this server through {@code proxyPort}. */
    String kubeconfigVia(int proxyPort) {
        String template = read(logDir.resolve("devserver-1.kubeconfig"));
        return template.replaceFirst(
                "server: \"?http://127\\.0\\.0\\.1:\\d+\"?",
                "server: \"http://127.0.0.1:" + proxyPort + "\"");
    }

    /**
     * SIGTERM to the current generation, then a new one with the same data file or an empty one.
     */
    void restart(boolean keepData) {
        ChildJvm old = current();
        old.terminate();
        old.awaitExit(Duration.ofSeconds(20));
        startGeneration(keepData);
    }

    /** Every request waits this long before being served ({@code POST /_dev/faults}). */
    void slowDown(long latencyMillis) {
        hook("POST", "/_dev/faults", "{\"latencyMillis\":" + latencyMillis + "}");
    }

    void clearFaults() {
        hook("DELETE", "/_dev/faults", null);
    }

    /** 409 answers so far, over all generations. */
    long conflicts() {
        long count = 0;
        for (ChildJvm generation : generations) {
            Matcher matcher = CONFLICT.matcher(generation.stderr());
            while (matcher.find()) {
                count++;
            }
        }
        return count;
    }

    String describe() {
        return current().describe();
    }

    private ChildJvm current() {
        return generations.get(generations.size() - 1);
    }

    private void startGeneration(boolean keepData) {
        int generation = generations.size() + 1;
        if (!keepData) {
            dataFile = logDir.resolve("leases-" + generation + ".json");
        }
        List<String> command =
                List.of(
                        ItConfig.testJava().toString(),
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        ItConfig.devServerJar().toString(),
                        "--port",
                        "0",
                        "--verbose",
                        "--data-file",
                        dataFile.toString(),
                        "--kubeconfig",
                        logDir.resolve("devserver-" + generation + ".kubeconfig").toString());
        ChildJvm jvm = ChildJvm.start("devserver-" + generation, command, Map.of(), logDir);
        generations.add(jvm);
        port = Integer.parseInt(jvm.awaitStdoutLine(LISTENING, STARTUP).group(1));
    }

    private void hook(String method, String path, String json) {
        HttpRequest.BodyPublisher body =
                json == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json);
        HttpRequest request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(HOOK_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .method(method, body)
                        .build();
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new AssertionError(
                        method
                                + " "
                                + path
                                + " answered "
                                + response.statusCode()
                                + ": "
                                + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + method + " " + path, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (ChildJvm generation : generations) {
            generation.terminate();
        }
        for (ChildJvm generation : generations) {
            generation.close();
        }
    }
}
