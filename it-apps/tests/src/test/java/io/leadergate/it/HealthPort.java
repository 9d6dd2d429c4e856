package io.leadergate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** A replica's health port, read over real HTTP from the test JVM. */
record HealthPort(int port) {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A port that was free a moment ago (the replica binds it shortly after). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The response, or empty while nothing listens yet (the JVM is starting). */
    Optional<HttpResponse<String>> get(String path) {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build();
        try {
            return Optional.of(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Status and body as one line, for matching and failure messages: {@code 503 not leader: ...}.
     */
    String read(String path) {
        return get(path).map(r -> r.statusCode() + " " + r.body().strip()).orElse("(no answer)");
    }

    /**
     * The value of the first sample of {@code metric} with exactly {@code labels}, e.g. {@code
     * name="obs"}.
     */
    Optional<Double> metric(String metric, String labels) {
        return get("/metrics")
                .flatMap(
                        r ->
                                r.body()
                                        .lines()
                                        .filter(
                                                line ->
                                                        line.startsWith(
                                                                        metric + "{" + labels
                                                                                + ",}")
                                                                || line.startsWith(
                                                                        metric + "{" + labels
                                                                                + "}"))
                                        .findFirst()
                                        .map(
                                                line ->
                                                        Double.parseDouble(
                                                                line.substring(
                                                                        line.lastIndexOf(' ')
                                                                                + 1))));
    }
}
