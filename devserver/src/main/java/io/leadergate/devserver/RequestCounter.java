package io.leadergate.devserver;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts Lease API requests per client and verb, for tests that assert on traffic. */
final class RequestCounter {
    static final List<String> VERBS =
            List.of("get", "list", "watch", "create", "update", "patch", "delete");

    private final Map<String, Map<String, LongAdder>> counts = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    /** Records one request; deletecollection counts as delete. */
    void record(String client, String verb) {
        String counted = verb.equals("deletecollection") ? "delete" : verb;
        counts.computeIfAbsent(client, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(counted, v -> new LongAdder())
                .increment();
        total.increment();
    }

    void reset() {
        counts.clear();
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
        return new RequestCounts(total.sum(), clients);
    }
}
