package io.leadergate.devserver;

import static io.leadergate.devserver.ApiCalls.lease;
import static io.leadergate.devserver.ApiCalls.leaseJson;
import static io.leadergate.devserver.ApiCalls.leases;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bearer tokens, the re-read token file, named clients and per-client request counts. */
class AuthTest {
    @Test
    void wrongOrMissingTokenIsUnauthorized() {
        try (DevApiServer server = DevApiServer.builder().token("s3cret").build().start()) {
            ApiCalls.Reply missing = new ApiCalls(server.url(), null).get(leases("ns"));
            assertEquals(401, missing.code());
            assertEquals("Unauthorized", missing.reason());
            assertEquals("Unauthorized", missing.message());
            assertEquals(401, new ApiCalls(server.url(), "wrong").get(leases("ns")).code());
            assertEquals(200, new ApiCalls(server.url(), "s3cret").get(leases("ns")).code());
            // authentication comes first: a bad token on an unknown path is 401, not 404
            assertEquals(
                    401,
                    new ApiCalls(server.url(), "wrong").get("/apis/apps/v1/deployments").code());
            assertEquals(
                    404,
                    new ApiCalls(server.url(), "s3cret").get("/apis/apps/v1/deployments").code());
            // discovery stays open to anonymous callers, as with --anonymous-auth
            assertEquals(200, new ApiCalls(server.url(), null).get("/version").code());
        }
    }

    @Test
    void rotatedTokenFileTakesEffectOnTheNextRequest(@TempDir Path dir) throws Exception {
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "first\n");
        try (DevApiServer server = DevApiServer.builder().tokenFile(tokenFile).build().start()) {
            assertEquals(200, new ApiCalls(server.url(), "first").get(leases("ns")).code());

            Files.writeString(tokenFile, "second");

            assertEquals(401, new ApiCalls(server.url(), "first").get(leases("ns")).code());
            assertEquals(200, new ApiCalls(server.url(), "second").get(leases("ns")).code());
        }
    }

    @Test
    void requestsAreCountedPerNamedClientAndVerb() {
        try (DevApiServer server =
                DevApiServer.builder()
                        .client("replica-1", "t1")
                        .client("replica-2", "t2")
                        .build()
                        .start()) {
            ApiCalls one = new ApiCalls(server.url(), "t1");
            ApiCalls two = new ApiCalls(server.url(), "t2");
            one.post(leases("ns"), leaseJson("counted", null, "replica-1"));
            one.get(lease("ns", "counted"));
            one.put(lease("ns", "counted"), leaseJson("counted", null, "replica-1"));
            two.get(lease("ns", "counted"));
            two.patch(lease("ns", "counted"), "application/merge-patch+json", "{}");
            new ApiCalls(server.url(), "nobody").get(leases("ns")); // 401, counted as anonymous

            RequestCounts counts = server.requestCounts();
            assertEquals(6, counts.total());
            assertEquals(1, counts.count("replica-1", "create"));
            assertEquals(1, counts.count("replica-1", "get"));
            assertEquals(1, counts.count("replica-1", "update"));
            assertEquals(3, counts.total("replica-1"));
            assertEquals(1, counts.count("replica-2", "patch"));
            assertEquals(1, counts.count("anonymous", "list"));

            ApiCalls hooks = new ApiCalls(server.url(), null);
            ApiCalls.Reply json = hooks.get("/_dev/requests");
            assertEquals(6, json.body().get("total").getAsLong());
            assertEquals(
                    2,
                    json.body()
                            .getAsJsonObject("clients")
                            .getAsJsonObject("replica-2")
                            .get("total")
                            .getAsLong());
            hooks.post("/_dev/requests/reset", "");
            assertEquals(0, server.requestCounts().total());
        }
    }
}
