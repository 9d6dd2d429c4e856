package io.leadergate.devserver;

import static io.leadergate.devserver.ApiCalls.lease;
import static io.leadergate.devserver.ApiCalls.leases;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /_dev/arrivals: each successful Lease write, when it arrived, and the stamps written in it. */
class WriteArrivalsTest {

    private static final String STAMP = "2026-12-02T01:02:03.456789Z";

    @Test
    void successfulLeaseWritesAreKeptWithTheirArrivalAndTheWritersStamps() {
        try (DevApiServer server =
                DevApiServer.builder().client("replica-1", "t1").build().start()) {
            ApiCalls one = new ApiCalls(server.url(), "t1");
            Instant before = Instant.now();
            String stamped =
                    "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\","
                            + "\"metadata\":{\"name\":\"stamped\"},\"spec\":{\"holderIdentity\":"
                            + "\"replica-1\",\"leaseDurationSeconds\":15,\"acquireTime\":\""
                            + STAMP
                            + "\",\"renewTime\":\""
                            + STAMP
                            + "\"}}";
            assertEquals(201, one.post(leases("ns"), stamped).code());
            assertEquals(200, one.get(lease("ns", "stamped")).code()); // a read: not kept
            assertEquals(409, one.post(leases("ns"), stamped).code()); // refused: not kept
            assertEquals(
                    200,
                    one.patch(
                                    lease("ns", "stamped"),
                                    "application/merge-patch+json",
                                    "{\"spec\":{\"holderIdentity\":\"\"}}")
                            .code());

            List<WriteArrivals.Arrival> kept = server.writeArrivals();
            assertEquals(2, kept.size(), kept.toString());
            WriteArrivals.Arrival create = kept.get(0);
            assertEquals("create", create.verb());
            assertEquals("ns", create.namespace());
            assertEquals("stamped", create.name());
            assertEquals("replica-1", create.client());
            assertEquals("replica-1", create.holderIdentity());
            assertEquals(STAMP, create.acquireTime());
            assertEquals(STAMP, create.renewTime());
            assertFalse(create.arrived().isBefore(before), create.arrived() + " vs " + before);
            WriteArrivals.Arrival patch = kept.get(1);
            assertEquals("patch", patch.verb());
            assertEquals("", patch.holderIdentity());
            assertFalse(patch.arrived().isBefore(create.arrived()));

            ApiCalls hooks = new ApiCalls(server.url(), null);
            JsonObject first =
                    hooks.get("/_dev/arrivals")
                            .body()
                            .getAsJsonArray("items")
                            .get(0)
                            .getAsJsonObject();
            assertEquals(create.arrived().toString(), first.get("arrived").getAsString());
            assertEquals(STAMP, first.get("renewTime").getAsString());
            hooks.post("/_dev/requests/reset", "");
            assertEquals(0, server.writeArrivals().size());
        }
    }
}
