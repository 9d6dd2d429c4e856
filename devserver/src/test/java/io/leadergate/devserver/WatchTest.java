package io.leadergate.devserver;

import static io.leadergate.devserver.ApiCalls.lease;
import static io.leadergate.devserver.ApiCalls.leaseJson;
import static io.leadergate.devserver.ApiCalls.leases;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.leadergate.testsupport.Await;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Watch streams: initial state, replay, filtering, 410 Expired, timeouts and bookmarks. */
class WatchTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private DevApiServer server;
    private ApiCalls api;

    @BeforeEach
    void start() {
        server =
                DevApiServer.builder()
                        .historySize(5)
                        .bookmarkInterval(Duration.ofMillis(200))
                        .build()
                        .start();
        api = new ApiCalls(server.url(), null);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void liveEventsArriveInOrderAfterTheCurrentState() throws Exception {
        String rv = api.post(leases("ns"), leaseJson("first", null, "a")).resourceVersion();
        try (ApiCalls.WatchLines watch = api.watch(leases("ns") + "?watch=true")) {
            assertEquals(200, watch.code());
            assertEvent(watch.next(WAIT), "ADDED", "first", rv);

            String updated =
                    api.put(lease("ns", "first"), leaseJson("first", rv, "b")).resourceVersion();
            String created =
                    api.post(leases("ns"), leaseJson("second", null, "a")).resourceVersion();
            api.post(leases("other"), leaseJson("elsewhere", null, "a")); // not in this namespace
            api.delete(lease("ns", "second"));

            assertEvent(watch.next(WAIT), "MODIFIED", "first", updated);
            assertEvent(watch.next(WAIT), "ADDED", "second", created);
            JsonObject deleted = watch.next(WAIT);
            assertEquals("DELETED", deleted.get("type").getAsString());
            assertEquals(String.valueOf(server.resourceVersion()), resourceVersion(deleted));
        }
    }

    @Test
    void resumingFromAVersionReplaysWhatCameAfterIt() throws Exception {
        String rv1 = api.post(leases("ns"), leaseJson("r", null, "a")).resourceVersion();
        String rv2 = api.put(lease("ns", "r"), leaseJson("r", null, "b")).resourceVersion();
        String rv3 = api.put(lease("ns", "r"), leaseJson("r", null, "c")).resourceVersion();

        try (ApiCalls.WatchLines watch =
                api.watch(leases("ns") + "?watch=1&resourceVersion=" + rv1)) {
            assertEvent(watch.next(WAIT), "MODIFIED", "r", rv2);
            assertEvent(watch.next(WAIT), "MODIFIED", "r", rv3);
            String rv4 = api.put(lease("ns", "r"), leaseJson("r", null, "d")).resourceVersion();
            assertEvent(watch.next(WAIT), "MODIFIED", "r", rv4);
        }
    }

    @Test
    void fieldSelectorKeepsOnlyTheNamedLease() throws Exception {
        String rv = String.valueOf(server.resourceVersion());
        try (ApiCalls.WatchLines watch =
                api.watch(
                        "/apis/coordination.k8s.io/v1/leases?watch=true&fieldSelector=metadata.name%3Dwanted&resourceVersion="
                                + rv)) {
            api.post(leases("ns"), leaseJson("unwanted", null, "a"));
            String wanted =
                    api.post(leases("ns"), leaseJson("wanted", null, "a")).resourceVersion();
            assertEvent(watch.next(WAIT), "ADDED", "wanted", wanted);
        }
        assertEquals(400, api.get(leases("ns") + "?fieldSelector=spec.holderIdentity%3Da").code());
    }

    @Test
    void compactionMakesOlderVersionsExpireWithOneErrorEvent() throws Exception {
        String rv = api.post(leases("ns"), leaseJson("c", null, "a")).resourceVersion();
        api.put(lease("ns", "c"), leaseJson("c", null, "b"));
        server.compact();

        try (ApiCalls.WatchLines watch =
                api.watch(leases("ns") + "?watch=true&resourceVersion=" + rv)) {
            assertEquals(
                    200,
                    watch.code()); // as kube-apiserver: the request succeeds, the stream carries
            // the error
            JsonObject error = watch.next(WAIT);
            assertEquals("ERROR", error.get("type").getAsString());
            JsonObject status = error.getAsJsonObject("object");
            assertEquals("Status", status.get("kind").getAsString());
            assertEquals(410, status.get("code").getAsInt());
            assertEquals("Expired", status.get("reason").getAsString());
            assertEquals(
                    "too old resource version: " + rv + " (" + server.resourceVersion() + ")",
                    status.get("message").getAsString());
            watch.awaitEnd(WAIT);
        }
    }

    @Test
    void historyBeyondItsCapacityExpiresToo() throws Exception {
        String rv = api.post(leases("ns"), leaseJson("h", null, "a")).resourceVersion();
        for (int i = 0; i < 6; i++) { // capacity is 5 events
            api.put(lease("ns", "h"), leaseJson("h", null, "holder-" + i));
        }
        try (ApiCalls.WatchLines watch =
                api.watch(leases("ns") + "?watch=true&resourceVersion=" + rv)) {
            assertEquals(410, watch.next(WAIT).getAsJsonObject("object").get("code").getAsInt());
        }
    }

    @Test
    void timeoutSecondsEndsTheStream() throws Exception {
        long started = System.nanoTime();
        try (ApiCalls.WatchLines watch = api.watch(leases("ns") + "?watch=true&timeoutSeconds=1")) {
            watch.awaitEnd(WAIT);
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(elapsedMillis >= 900, "ended after " + elapsedMillis + " ms");
    }

    @Test
    void bookmarksCarryTheVersionReached() throws Exception {
        String rv = api.post(leases("ns"), leaseJson("b", null, "a")).resourceVersion();
        try (ApiCalls.WatchLines watch =
                api.watch(
                        leases("ns")
                                + "?watch=true&allowWatchBookmarks=true&resourceVersion="
                                + rv)) {
            JsonObject bookmark = watch.next(WAIT);
            assertEquals("BOOKMARK", bookmark.get("type").getAsString());
            assertEquals(rv, resourceVersion(bookmark));
            assertEquals("Lease", bookmark.getAsJsonObject("object").get("kind").getAsString());
        }
    }

    @Test
    void aChangeThatLeavesTheLabelSelectorIsDeletedForThatWatch() throws Exception {
        String rv = String.valueOf(server.resourceVersion());
        try (ApiCalls.WatchLines watch =
                api.watch(
                        leases("ns")
                                + "?watch=true&labelSelector=role%3Dleader&resourceVersion="
                                + rv)) {
            String labelled = "{\"metadata\":{\"name\":\"l\",\"labels\":{\"role\":\"leader\"}}}";
            String added = api.post(leases("ns"), labelled).resourceVersion();
            String unlabelled =
                    api.patch(
                                    lease("ns", "l"),
                                    "application/merge-patch+json",
                                    "{\"metadata\":{\"labels\":null}}")
                            .resourceVersion();
            assertEvent(watch.next(WAIT), "ADDED", "l", added);
            assertEvent(watch.next(WAIT), "DELETED", "l", unlabelled);
        }
    }

    @Test
    void aFutureVersionTimesOutAfterThreeSecondsWithAnErrorEvent() throws Exception {
        long future = server.resourceVersion() + 100;
        try (ApiCalls.WatchLines watch =
                api.watch(leases("ns") + "?watch=true&resourceVersion=" + future)) {
            JsonObject status = watch.next(Duration.ofSeconds(10)).getAsJsonObject("object");
            assertEquals(504, status.get("code").getAsInt());
            assertEquals("Timeout", status.get("reason").getAsString());
            assertTrue(
                    status.get("message")
                            .getAsString()
                            .startsWith("Timeout: Too large resource version: " + future));
        }
    }

    @Test
    void sendInitialEventsEndsTheInitialStateWithAnAnnotatedBookmark() throws Exception {
        String rv = api.post(leases("ns"), leaseJson("init", null, "a")).resourceVersion();
        try (ApiCalls.WatchLines watch =
                api.watch(
                        leases("ns")
                                + "?watch=true&sendInitialEvents=true&allowWatchBookmarks=true"
                                + "&resourceVersionMatch=NotOlderThan")) {
            assertEvent(watch.next(WAIT), "ADDED", "init", rv);
            JsonObject bookmark = watch.next(WAIT);
            assertEquals("BOOKMARK", bookmark.get("type").getAsString());
            assertEquals(
                    "true",
                    bookmark.getAsJsonObject("object")
                            .getAsJsonObject("metadata")
                            .getAsJsonObject("annotations")
                            .get("k8s.io/initial-events-end")
                            .getAsString());
        }
    }

    @Test
    void manyConcurrentWatchesAllSeeAChange() throws Exception {
        int count = 20;
        ApiCalls.WatchLines[] watches = new ApiCalls.WatchLines[count];
        String rv = String.valueOf(server.resourceVersion());
        try {
            for (int i = 0; i < count; i++) {
                watches[i] = api.watch(leases("ns") + "?watch=true&resourceVersion=" + rv);
            }
            Await.until("all watches open", WAIT, () -> server.openWatches() == count);
            String created =
                    api.post(leases("ns"), leaseJson("shared", null, "a")).resourceVersion();
            for (ApiCalls.WatchLines watch : watches) {
                assertEvent(watch.next(WAIT), "ADDED", "shared", created);
            }
        } finally {
            for (ApiCalls.WatchLines watch : watches) {
                if (watch != null) {
                    watch.close();
                }
            }
        }
    }

    private static void assertEvent(
            JsonObject event, String type, String name, String resourceVersion) {
        assertEquals(type, event.get("type").getAsString(), event.toString());
        JsonObject metadata = event.getAsJsonObject("object").getAsJsonObject("metadata");
        assertEquals(name, metadata.get("name").getAsString(), event.toString());
        assertEquals(
                resourceVersion, metadata.get("resourceVersion").getAsString(), event.toString());
    }

    private static String resourceVersion(JsonObject event) {
        return event.getAsJsonObject("object")
                .getAsJsonObject("metadata")
                .get("resourceVersion")
                .getAsString();
    }
}
