package io.leadergate.devserver;

import static io.leadergate.devserver.ApiCalls.lease;
import static io.leadergate.devserver.ApiCalls.leaseJson;
import static io.leadergate.devserver.ApiCalls.leases;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.testsupport.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Injected latency, errors, refusals, hangs and dropped watches, via the API and /_dev/faults. */
class FaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private DevApiServer server;
    private ApiCalls a;
    private ApiCalls b;
    private ApiCalls hooks;

    @BeforeEach
    void start() {
        server = DevApiServer.builder().client("a", "ta").client("b", "tb").build().start();
        a = new ApiCalls(server.url(), "ta");
        b = new ApiCalls(server.url(), "tb");
        hooks = new ApiCalls(server.url(), null);
        a.post(leases("ns"), leaseJson("lock", null, "a"));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void latencyDelaysOnlyTheChosenClient() {
        // a wide margin: the unaffected call must not pay the latency even on a loaded machine
        hooks.post("/_dev/faults", "{\"latencyMillis\":1500,\"clients\":[\"a\"]}");

        long slow = timeMillis(() -> assertEquals(200, a.get(lease("ns", "lock")).code()));
        long fast = timeMillis(() -> assertEquals(200, b.get(lease("ns", "lock")).code()));

        assertTrue(slow >= 1500, "slow call took " + slow + " ms");
        assertTrue(fast < 1500, "fast call took " + fast + " ms");
    }

    @Test
    void errorCodeIsAnsweredForTheGivenNumberOfRequests() {
        ApiCalls.Reply set = hooks.post("/_dev/faults", "{\"errorCode\":503,\"errorCount\":2}");
        assertEquals(200, set.code());

        ApiCalls.Reply first = a.get(lease("ns", "lock"));
        assertEquals(503, first.code());
        assertEquals("ServiceUnavailable", first.reason());
        assertEquals(503, b.get(lease("ns", "lock")).code());
        assertEquals(200, a.get(lease("ns", "lock")).code());
    }

    @Test
    void errorsUntilClearedStopWhenCleared() {
        server.faults().set(FaultPlan.none().withErrors(500, -1));
        for (int i = 0; i < 3; i++) {
            assertEquals(500, a.get(lease("ns", "lock")).code());
        }
        assertEquals(200, hooks.delete("/_dev/faults").code());
        assertEquals(200, a.get(lease("ns", "lock")).code());
    }

    @Test
    void refusedClientGetsAnRbacStyleForbidden() {
        hooks.post("/_dev/faults", "{\"refuse\":true,\"clients\":[\"a\"]}");

        ApiCalls.Reply refused = a.put(lease("ns", "lock"), leaseJson("lock", null, "a"));

        assertEquals(403, refused.code());
        assertEquals("Forbidden", refused.reason());
        assertEquals(
                "leases.coordination.k8s.io \"lock\" is forbidden: User \"system:serviceaccount:ns:a\" cannot"
                        + " update resource \"leases\" in API group \"coordination.k8s.io\" in the namespace \"ns\"",
                refused.message());
        assertEquals(200, b.put(lease("ns", "lock"), leaseJson("lock", null, "b")).code());
    }

    @Test
    void hungRequestIsAnsweredOnlyAfterTheFaultIsCleared() throws Exception {
        server.faults().set(FaultPlan.none().withHang().forClients("a"));
        CompletableFuture<ApiCalls.Reply> hung =
                CompletableFuture.supplyAsync(() -> a.get(lease("ns", "lock")));
        assertEquals(200, b.get(lease("ns", "lock")).code());
        assertFalse(completesWithin(hung, Duration.ofMillis(300)), "answered while hung");

        server.faults().clear();

        assertEquals(200, hung.get(5, TimeUnit.SECONDS).code());
    }

    @Test
    void dropWatchesEndsOpenStreamsWithoutChangingThePlan() throws Exception {
        server.faults().set(FaultPlan.none().withLatency(Duration.ofMillis(1)).forClients("b"));
        try (ApiCalls.WatchLines watch = a.watch(leases("ns") + "?watch=true")) {
            assertEquals("ADDED", watch.next(WAIT).get("type").getAsString());
            Await.until("watch registered", WAIT, () -> server.openWatches() == 1);

            ApiCalls.Reply dropped = hooks.post("/_dev/faults", "{\"dropWatches\":true}");

            assertEquals(1, dropped.body().get("droppedWatches").getAsInt());
            watch.awaitEnd(WAIT);
        }
        assertEquals(1, server.faults().current().latencyMillis());
    }

    @Test
    void throttlingIsAnsweredAsApiPriorityAndFairnessDoesWithRetryAfter() throws Exception {
        hooks.post("/_dev/faults", "{\"errorCode\":429,\"retryAfterSeconds\":3}");
        HttpResponse<String> shed = rawGet("ta");
        assertEquals(429, shed.statusCode());
        assertEquals("3", shed.headers().firstValue("Retry-After").orElse(null));
        assertTrue(
                shed.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                shed.headers().toString());
        assertEquals("Too many requests, please try again later.\n", shed.body());

        hooks.post("/_dev/faults", "{\"errorCode\":429}");
        assertEquals("1", rawGet("ta").headers().firstValue("Retry-After").orElse(null));

        hooks.post("/_dev/faults", "{\"errorCode\":503,\"retryAfterSeconds\":2}");
        HttpResponse<String> unavailable = rawGet("ta");
        assertEquals(503, unavailable.statusCode());
        assertEquals("2", unavailable.headers().firstValue("Retry-After").orElse(null));
        assertTrue(unavailable.body().contains("\"retryAfterSeconds\":2"), unavailable.body());

        hooks.post("/_dev/faults", "{\"errorCode\":500}");
        assertTrue(rawGet("ta").headers().firstValue("Retry-After").isEmpty());
        assertEquals(4, server.requestCounts().count("a", "get"), "shed requests are counted");
    }

    @Test
    void watchesOpenedUnderACloseWindowEndSoonWithALastBookmark() throws Exception {
        hooks.post("/_dev/faults", "{\"closeWatchesAfterMillis\":[200,400]}");
        try (ApiCalls.WatchLines watch =
                a.watch(leases("ns") + "?watch=true&allowWatchBookmarks=true")) {
            assertEquals("ADDED", watch.next(WAIT).get("type").getAsString());
            String current = Long.toString(server.resourceVersion());
            var last = watch.next(WAIT);
            assertEquals("BOOKMARK", last.get("type").getAsString());
            var object = last.getAsJsonObject("object");
            assertEquals("Lease", object.get("kind").getAsString());
            assertEquals(
                    current,
                    object.getAsJsonObject("metadata").get("resourceVersion").getAsString());
            watch.awaitEnd(WAIT);
        }
        server.faults().clear();
        try (ApiCalls.WatchLines watch = a.watch(leases("ns") + "?watch=true&timeoutSeconds=60")) {
            assertEquals("ADDED", watch.next(WAIT).get("type").getAsString());
            Await.until("watch registered", WAIT, () -> server.openWatches() == 1);
            assertThrows(AssertionError.class, () -> watch.awaitEnd(Duration.ofMillis(800)));
        }
    }

    private HttpResponse<String> rawGet(String token) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.url() + lease("ns", "lock")))
                                .header("Authorization", "Bearer " + token)
                                .timeout(WAIT)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void faultsNeverReachTheDevHooks() {
        server.faults().set(FaultPlan.none().withErrors(503, -1).withRefusal());
        assertEquals(200, hooks.get("/_dev/requests").code());
        assertEquals(200, hooks.get("/_dev/faults").code());
    }

    private static long timeMillis(Runnable action) {
        long started = System.nanoTime();
        action.run();
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static boolean completesWithin(CompletableFuture<?> future, Duration duration)
            throws Exception {
        try {
            future.get(duration.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }
}
