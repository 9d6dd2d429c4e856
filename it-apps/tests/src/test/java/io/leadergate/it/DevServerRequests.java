package io.leadergate.it;

import java.net.http.HttpRequest;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dev server's per-client Lease API request counts ({@code GET /_dev/requests}), read over
 * HTTP. The body is {@code {"total":N,"clients":{"name":{"get":..,"update":..,...,"total":..}}}};
 * its flat shape is read with a pattern, so the tests need no JSON library.
 */
final class DevServerRequests {

    private static final Pattern CLIENT = Pattern.compile("\"([^\"]+)\"\\s*:\\s*\\{([^{}]*)}");
    private static final Pattern COUNT = Pattern.compile("\"([a-z]+)\"\\s*:\\s*(\\d+)");

    private final Map<String, Map<String, Long>> counts;

    private DevServerRequests(Map<String, Map<String, Long>> counts) {
        this.counts = counts;
    }

    static DevServerRequests fetch(DevServerProcess server) {
        return parse(
                DevServerHooks.send(
                        server,
                        HttpRequest.newBuilder(server.baseUri().resolve("/_dev/requests")).GET()));
    }

    /** Zeroes the counts: what follows is a measurement window. */
    static void reset(DevServerProcess server) {
        DevServerHooks.send(
                server,
                HttpRequest.newBuilder(server.baseUri().resolve("/_dev/requests/reset"))
                        .POST(HttpRequest.BodyPublishers.noBody()));
    }

    static DevServerRequests parse(String body) {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        Matcher client = CLIENT.matcher(body);
        while (client.find()) {
            Map<String, Long> verbs = new TreeMap<>();
            Matcher count = COUNT.matcher(client.group(2));
            while (count.find()) {
                verbs.put(count.group(1), Long.parseLong(count.group(2)));
            }
            counts.put(client.group(1), verbs);
        }
        return new DevServerRequests(counts);
    }

    /** Requests by {@code client} with {@code verb} (get, watch, create, update, ...). */
    long count(String client, String verb) {
        return counts.getOrDefault(client, Map.of()).getOrDefault(verb, 0L);
    }

    /** {@code client}'s non-zero counts by verb, e.g. {@code {get=12, total=12}}. */
    Map<String, Long> verbs(String client) {
        Map<String, Long> nonZero = new TreeMap<>(counts.getOrDefault(client, Map.of()));
        nonZero.values().removeIf(count -> count == 0);
        return nonZero;
    }

    /** All Lease API requests by {@code client}. */
    long total(String client) {
        return count(client, "total");
    }

    @Override
    public String toString() {
        return counts.toString();
    }
}
