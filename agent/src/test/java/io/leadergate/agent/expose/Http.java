package io.leadergate.agent.expose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A blocking HTTP client for the health port in tests. */
final class Http {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Http() {}

    static HttpResponse<String> get(int port, String path) {
        return send(
                HttpRequest.newBuilder(uri(port, path))
                        .timeout(Duration.ofSeconds(20))
                        .GET()
                        .build());
    }

    static HttpResponse<String> get(int port, String path, String accept) {
        return send(
                HttpRequest.newBuilder(uri(port, path))
                        .timeout(Duration.ofSeconds(20))
                        .header("Accept", accept)
                        .GET()
                        .build());
    }

    static HttpResponse<String> post(int port, String path) {
        return send(
                HttpRequest.newBuilder(uri(port, path))
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build());
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
