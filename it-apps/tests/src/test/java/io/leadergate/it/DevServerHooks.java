package io.leadergate.it;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dev server's {@code /_dev/} hooks: the fault plan and the request total here, the per-client
 * counts in {@link DevServerRequests}; every call to them goes through {@link #send}.
 */
final class DevServerHooks {

    private static final Pattern TOTAL = Pattern.compile("^\\{\\s*\"total\"\\s*:\\s*(\\d+)");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private DevServerHooks() {}

    /** Every Lease API request refused with 403, as an RBAC rule removed under a running leader. */
    static void refuseEveryone(DevServerProcess server) {
        send(
                server,
                HttpRequest.newBuilder(server.baseUri().resolve("/_dev/faults"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"refuse\":true}")));
    }

    /**
     * Replaces the fault plan with {@code json}, the dev server's {@code POST /_dev/faults} body,
     * e.g. {@code {"errorCode":429,"retryAfterSeconds":2}} or {@code
     * {"closeWatchesAfterMillis":[1000,3000]}}.
     */
    static void setFaults(DevServerProcess server, String json) {
        send(
                server,
                HttpRequest.newBuilder(server.baseUri().resolve("/_dev/faults"))
                        .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static void clearFaults(DevServerProcess server) {
        send(server, HttpRequest.newBuilder(server.baseUri().resolve("/_dev/faults")).DELETE());
    }

    /** Lease API requests the server has answered since it started, from anyone. */
    static long totalRequests(DevServerProcess server) {
        String body =
                send(
                        server,
                        HttpRequest.newBuilder(server.baseUri().resolve("/_dev/requests")).GET());
        Matcher total = TOTAL.matcher(body);
        if (!total.find()) {
            throw new AssertionError("unexpected /_dev/requests body: " + body);
        }
        return Long.parseLong(total.group(1));
    }

    /** The body of a 200 answer; anything else fails the test with the server's output. */
    static String send(DevServerProcess server, HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    HTTP.send(
                            request.timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(
                        "dev server hook answered "
                                + response.statusCode()
                                + ": "
                                + response.body()
                                + "\n"
                                + server.describe());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError(
                    "cannot reach the dev server's /_dev/ hooks\n" + server.describe(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
