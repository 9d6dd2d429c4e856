package io.leadergate.devserver;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts Lease API requests per client and verb, and the connections they came on (distinct remote
 * addresses: a kept-alive connection is one), for tests that assert on traffic.
 */
final class RequestCounter {
    static final List<String> VERBS =
            List.of("get", "list", "watch", "create", "update", "patch", "delete");

    private final Map<String, Map<String, LongAdder>> counts = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private final Map<String, Set<String>> connections = new ConcurrentHashMap<>();

    /**
     * Records one request that came on the connection from {@code remote} (host:port); {@code
     * deletecollection} counts as delete.
     */
    void record(String client, String verb, String remote) {
        connections.computeIfAbsent(client, c -> ConcurrentHashMap.newKeySet()).add(remote);
        String counted = verb.equals("deletecollection") ? "delete" : verb;
        counts.computeIfAbsent(client, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(counted, v -> new LongAdder())
                .increment();
        total.increment();
    }

    void reset() {
        counts.clear();
        connections.clear();
        total.reset();
    }

    RequestCounts snapshot() {
        Map<String, Map<String, Long>> clients = new TreeMap<>();
        counts.forEach(
                (client, verbs) -> {
                    Map<String, Long> perVerb = new TreeMap<>();
                    for (String verb : VERBS) {
                        perVerb.put(verb, 0L);
                    }
                    verbs.forEach((verb, count) -> perVerb.put(verb, count.sum()));
                    clients.put(client, perVerb);
                });
        Map<String, Long> perClient = new TreeMap<>();
        connections.forEach((client, remotes) -> perClient.put(client, (long) remotes.size()));
        return new RequestCounts(total.sum(), clients, perClient);
    }
}
