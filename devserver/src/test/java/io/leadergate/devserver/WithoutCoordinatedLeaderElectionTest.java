package io.leadergate.devserver;

import static io.leadergate.devserver.ApiCalls.lease;
import static io.leadergate.devserver.ApiCalls.leases;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --without-coordinated-leader-election}: Lease writes lose {@code spec.strategy} and {@code
 * spec.preferredHolder}, as on a kube-apiserver without the CoordinatedLeaderElection feature gate;
 * everything else (annotations included) is kept. The default keeps both.
 */
class WithoutCoordinatedLeaderElectionTest {

    private DevApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static String body(String name, String resourceVersion) {
        return "{\"metadata\":{\"name\":\""
                + name
                + "\""
                + (resourceVersion == null
                        ? ""
                        : ",\"resourceVersion\":\"" + resourceVersion + "\"")
                + ",\"annotations\":{\"leadergate.io/preferred-holder\":\"b\"}},"
                + "\"spec\":{\"holderIdentity\":\"a\",\"leaseDurationSeconds\":15,"
                + "\"strategy\":\"OldestEmulationVersion\",\"preferredHolder\":\"b\"}}";
    }

    @Test
    void createAndUpdateDropTheCoordinatedFieldsAndKeepTheRest() {
        server = DevApiServer.builder().coordinatedLeaderElection(false).build().start();
        ApiCalls api = new ApiCalls(server.url(), null);
        ApiCalls.Reply created = api.post(leases("default"), body("x", null));
        assertEquals(201, created.code(), created.body().toString());
        JsonObject spec = created.body().getAsJsonObject("spec");
        assertFalse(spec.has("strategy"), spec.toString());
        assertFalse(spec.has("preferredHolder"), spec.toString());
        assertEquals("a", spec.get("holderIdentity").getAsString());
        assertEquals(
                "b",
                created.body()
                        .getAsJsonObject("metadata")
                        .getAsJsonObject("annotations")
                        .get("leadergate.io/preferred-holder")
                        .getAsString(),
                "annotations are kept");

        ApiCalls.Reply updated =
                api.put(lease("default", "x"), body("x", created.resourceVersion()));
        assertEquals(200, updated.code(), updated.body().toString());
        assertFalse(updated.body().getAsJsonObject("spec").has("preferredHolder"));
        assertFalse(updated.body().getAsJsonObject("spec").has("strategy"));
        assertFalse(
                api.get(lease("default", "x"))
                        .body()
                        .getAsJsonObject("spec")
                        .has("preferredHolder"),
                "nothing of it was stored");
    }

    @Test
    void byDefaultTheyAreKeptAsWithTheGateOn() {
        server = DevApiServer.builder().build().start();
        ApiCalls api = new ApiCalls(server.url(), null);
        ApiCalls.Reply created = api.post(leases("default"), body("y", null));
        assertEquals(201, created.code(), created.body().toString());
        assertTrue(created.body().getAsJsonObject("spec").has("preferredHolder"));
        assertEquals(
                "OldestEmulationVersion",
                created.body().getAsJsonObject("spec").get("strategy").getAsString());
    }

    @Test
    void theCommandLineFlagTurnsTheGateOff() {
        assertTrue(
                CommandLine.parse("--without-coordinated-leader-election")
                        .withoutCoordinatedLeaderElection);
        assertFalse(CommandLine.parse().withoutCoordinatedLeaderElection);
    }
}
