package io.leadergate.devserver;

import static io.leadergate.devserver.ApiCalls.lease;
import static io.leadergate.devserver.ApiCalls.leaseJson;
import static io.leadergate.devserver.ApiCalls.leases;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data file carries Leases and the resourceVersion counter across restarts. */
class PersistenceTest {
    @Test
    void restartWithTheDataFileKeepsLeasesAndVersionContinuity(@TempDir Path dir) {
        Path data = dir.resolve("leases.json");
        String uid;
        long lastVersion;
        try (DevApiServer first = DevApiServer.builder().dataFile(data).build().start()) {
            ApiCalls api = new ApiCalls(first.url(), null);
            uid =
                    api.post(leases("ns"), leaseJson("kept", null, "a"))
                            .body()
                            .getAsJsonObject("metadata")
                            .get("uid")
                            .getAsString();
            api.put(lease("ns", "kept"), leaseJson("kept", null, "b"));
            lastVersion = first.resourceVersion();
        }

        try (DevApiServer second = DevApiServer.builder().dataFile(data).build().start()) {
            ApiCalls api = new ApiCalls(second.url(), null);
            ApiCalls.Reply kept = api.get(lease("ns", "kept"));
            assertEquals(200, kept.code());
            assertEquals(uid, kept.body().getAsJsonObject("metadata").get("uid").getAsString());
            assertEquals(String.valueOf(lastVersion), kept.resourceVersion());
            assertEquals(
                    "b", kept.body().getAsJsonObject("spec").get("holderIdentity").getAsString());
            // an optimistic update with the pre-restart version still works, and versions keep
            // rising
            ApiCalls.Reply updated =
                    api.put(
                            lease("ns", "kept"),
                            leaseJson("kept", String.valueOf(lastVersion), "c"));
            assertEquals(200, updated.code());
            assertTrue(Long.parseLong(updated.resourceVersion()) > lastVersion);
            // the watch history did not survive: resuming from before the restart is 410
            try (ApiCalls.WatchLines watch =
                    api.watch(leases("ns") + "?watch=true&resourceVersion=1")) {
                assertEquals(
                        410,
                        watch.next(java.time.Duration.ofSeconds(5))
                                .getAsJsonObject("object")
                                .get("code")
                                .getAsInt());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void restartWithoutADataFileLosesEverything() {
        try (DevApiServer first = DevApiServer.builder().build().start()) {
            new ApiCalls(first.url(), null).post(leases("ns"), leaseJson("lost", null, "a"));
        }
        try (DevApiServer second = DevApiServer.builder().build().start()) {
            assertEquals(404, new ApiCalls(second.url(), null).get(lease("ns", "lost")).code());
        }
    }
}
