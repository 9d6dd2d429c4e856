package io.leadergate.devserver;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Raw HTTP calls against a dev server, as a test client that sees exact codes and bodies. */
final class ApiCalls {
    static final String LEASES = "/apis/coordination.k8s.io/v1/namespaces/%s/leases";

    record Reply(int code, JsonObject body) {
        String message() {
            return body.get("message").getAsString();
        }

        String reason() {
            return body.get("reason").getAsString();
        }

        String resourceVersion() {
            return body.getAsJsonObject("metadata").get("resourceVersion").getAsString();
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
    private final String base;
    private final String token;

    ApiCalls(String base, String token) {
        this.base = base;
        this.token = token;
    }

    static String leases(String namespace) {
        return String.format(LEASES, namespace);
    }

    static String lease(String namespace, String name) {
        return leases(namespace) + "/" + name;
    }

    static String leaseJson(String name, String resourceVersion, String holder) {
        String rv =
                resourceVersion == null ? "" : ",\"resourceVersion\":\"" + resourceVersion + "\"";
        return "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\""
                + name
                + "\""
                + rv
                + "},\"spec\":{\"holderIdentity\":\""
                + holder
                + "\",\"leaseDurationSeconds\":15}}";
    }

    Reply get(String path) {
        return send(request(path).GET());
    }

    /** The server-side Table kubectl asks for ({@code as=Table;g=meta.k8s.io;v=v1}). */
    JsonObject getTable(String path) {
        return send(request(path)
                        .setHeader(
                                "Accept",
                                "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")
                        .GET())
                .body();
    }

    Reply post(String path, String json) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply put(String path, String json) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply patch(String path, String contentType, String json) {
        return send(
                request(path)
                        .setHeader("Content-Type", contentType)
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply delete(String path) {
        return send(request(path).DELETE());
    }

    Reply delete(String path, String options) {
        return send(request(path).method("DELETE", HttpRequest.BodyPublishers.ofString(options)));
    }

    /** Opens a streaming GET; the caller reads lines and closes it. */
    WatchLines watch(String pathAndQuery) {
        try {
            HttpResponse<InputStream> response =
                    http.send(
                            request(pathAndQuery).GET().build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            return new WatchLines(response.statusCode(), response.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("watch request failed: " + pathAndQuery, e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(20))
                        .header("Accept", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (!path.startsWith("/_dev")) {
            builder.header("Content-Type", "application/json");
        }
        return builder;
    }

    private Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response =
                    http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonObject body =
                    text.isBlank()
                            ? new JsonObject()
                            : JsonParser.parseString(text).getAsJsonObject();
            return new Reply(response.statusCode(), body);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("request failed", e);
        }
    }

    /** The lines of a watch stream, read on a background thread so reads can have deadlines. */
    static final class WatchLines implements AutoCloseable {
        private static final JsonObject END = new JsonObject();
        private final int code;
        private final InputStream body;
        private final java.util.concurrent.BlockingQueue<JsonObject> events =
                new java.util.concurrent.LinkedBlockingQueue<>();

        WatchLines(int code, InputStream body) {
            this.code = code;
            this.body = body;
            Thread reader =
                    new Thread(
                            () -> {
                                try (BufferedReader lines =
                                        new BufferedReader(
                                                new InputStreamReader(
                                                        body, StandardCharsets.UTF_8))) {
                                    String line;
                                    while ((line = lines.readLine()) != null) {
                                        events.add(JsonParser.parseString(line).getAsJsonObject());
                                    }
                                } catch (IOException closed) {
                                    // closed by the test or the server
                                } finally {
                                    events.add(END);
                                }
                            },
                            "watch-reader");
            reader.setDaemon(true);
            reader.start();
        }

        int code() {
            return code;
        }

        /** The next event, failing if none arrives within {@code timeout} or the stream ended. */
        JsonObject next(Duration timeout) throws InterruptedException {
            JsonObject event =
                    events.poll(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("no watch event within " + timeout);
            }
            if (event == END) {
                events.add(END);
                throw new AssertionError("the watch stream ended");
            }
            return event;
        }

        /**
         * Waits for the server to end the stream; fails on any further event or after the timeout.
         */
        void awaitEnd(Duration timeout) throws InterruptedException {
            JsonObject event =
                    events.poll(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            if (event != END) {
                throw new AssertionError(
                        event == null
                                ? "stream still open after " + timeout
                                : "unexpected event " + event);
            }
            events.add(END);
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}
