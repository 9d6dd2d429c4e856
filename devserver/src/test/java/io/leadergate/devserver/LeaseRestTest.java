package io.leadergate.devserver;

import static io.leadergate.devserver.ApiCalls.lease;
import static io.leadergate.devserver.ApiCalls.leaseJson;
import static io.leadergate.devserver.ApiCalls.leases;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST verbs, status codes and Status bodies, checked against kube-apiserver's wording. */
class LeaseRestTest {
    private static DevApiServer server;
    private static ApiCalls api;

    @BeforeAll
    static void start() {
        server = DevApiServer.builder().namespaces("default", "team-a").build().start();
        api = new ApiCalls(server.url(), null);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void createGetReplaceDeleteRoundTripWithServerSetFields() {
        String body =
                "{\"metadata\":{\"name\":\"round-trip\",\"labels\":{\"app\":\"demo\"},"
                        + "\"annotations\":{\"note\":\"kept\"}},"
                        + "\"spec\":{\"holderIdentity\":\"a\",\"leaseDurationSeconds\":15,\"futureField\":{\"x\":1},"
                        + "\"renewTime\":\"2024-05-01T10:00:00.123456+02:00\"}}";
        ApiCalls.Reply created = api.post(leases("default"), body);
        assertEquals(201, created.code(), created.body().toString());
        JsonObject metadata = created.body().getAsJsonObject("metadata");
        assertEquals("Lease", created.body().get("kind").getAsString());
        assertEquals("coordination.k8s.io/v1", created.body().get("apiVersion").getAsString());
        assertEquals("default", metadata.get("namespace").getAsString());
        assertFalse(metadata.get("uid").getAsString().isEmpty());
        assertTrue(
                metadata.get("creationTimestamp")
                        .getAsString()
                        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        assertEquals("demo", metadata.getAsJsonObject("labels").get("app").getAsString());
        assertEquals("kept", metadata.getAsJsonObject("annotations").get("note").getAsString());
        JsonObject spec = created.body().getAsJsonObject("spec");
        assertFalse(
                spec.has("futureField"),
                "a field the schema does not declare is pruned, as upstream prunes it");
        // MicroTime is re-rendered in UTC with six digits, as Go's MarshalJSON does
        assertEquals("2024-05-01T08:00:00.123456Z", spec.get("renewTime").getAsString());

        ApiCalls.Reply fetched = api.get(lease("default", "round-trip"));
        assertEquals(200, fetched.code());
        assertEquals(created.body(), fetched.body());

        ApiCalls.Reply replaced =
                api.put(
                        lease("default", "round-trip"),
                        leaseJson("round-trip", created.resourceVersion(), "b"));
        assertEquals(200, replaced.code(), replaced.body().toString());
        assertEquals(metadata.get("uid"), replaced.body().getAsJsonObject("metadata").get("uid"));
        assertEquals(
                metadata.get("creationTimestamp"),
                replaced.body().getAsJsonObject("metadata").get("creationTimestamp"));
        assertTrue(
                Long.parseLong(replaced.resourceVersion())
                        > Long.parseLong(created.resourceVersion()));
        assertEquals(
                "b", replaced.body().getAsJsonObject("spec").get("holderIdentity").getAsString());

        ApiCalls.Reply listed = api.get(leases("default"));
        assertEquals("LeaseList", listed.body().get("kind").getAsString());
        assertEquals(server.resourceVersion(), Long.parseLong(listed.resourceVersion()));

        ApiCalls.Reply deleted = api.delete(lease("default", "round-trip"));
        assertEquals(200, deleted.code());
        assertEquals("Success", deleted.body().get("status").getAsString());
        assertEquals(metadata.get("uid"), deleted.body().getAsJsonObject("details").get("uid"));
        assertEquals(404, api.get(lease("default", "round-trip")).code());
    }

    @Test
    void staleResourceVersionIsConflictWithTheRealMessage() {
        String rv = api.post(leases("default"), leaseJson("stale", null, "a")).resourceVersion();
        assertEquals(200, api.put(lease("default", "stale"), leaseJson("stale", rv, "b")).code());

        ApiCalls.Reply conflict = api.put(lease("default", "stale"), leaseJson("stale", rv, "c"));

        assertEquals(409, conflict.code());
        assertEquals("Conflict", conflict.reason());
        assertEquals("Failure", conflict.body().get("status").getAsString());
        assertEquals("Status", conflict.body().get("kind").getAsString());
        assertEquals(409, conflict.body().get("code").getAsInt());
        assertEquals(
                "Operation cannot be fulfilled on leases.coordination.k8s.io \"stale\": the object has been"
                        + " modified; please apply your changes to the latest version and try again",
                conflict.message());
        assertEquals(
                "leases", conflict.body().getAsJsonObject("details").get("kind").getAsString());
    }

    @Test
    void exactlyOneOfConcurrentUpdatesWithTheSameVersionWins() throws Exception {
        String rv =
                api.post(leases("default"), leaseJson("contended", null, "nobody"))
                        .resourceVersion();
        int contenders = 8;
        CyclicBarrier start = new CyclicBarrier(contenders);
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            List<Future<Integer>> codes = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                String holder = "replica-" + i;
                Callable<Integer> update =
                        () -> {
                            start.await();
                            return api.put(
                                            lease("default", "contended"),
                                            leaseJson("contended", rv, holder))
                                    .code();
                        };
                codes.add(pool.submit(update));
            }
            int wins = 0;
            int conflicts = 0;
            for (Future<Integer> code : codes) {
                int value = code.get();
                wins += value == 200 ? 1 : 0;
                conflicts += value == 409 ? 1 : 0;
            }
            assertEquals(1, wins);
            assertEquals(contenders - 1, conflicts);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void missingLeaseIsNotFoundWithTheRealBody() {
        ApiCalls.Reply missing = api.get(lease("default", "nope"));
        assertEquals(404, missing.code());
        assertEquals("NotFound", missing.reason());
        assertEquals("leases.coordination.k8s.io \"nope\" not found", missing.message());
        JsonObject details = missing.body().getAsJsonObject("details");
        assertEquals("nope", details.get("name").getAsString());
        assertEquals("coordination.k8s.io", details.get("group").getAsString());
        assertEquals("leases", details.get("kind").getAsString());
        // Lease does not allow create-on-update
        assertEquals(404, api.put(lease("default", "nope"), leaseJson("nope", null, "a")).code());
        assertEquals(404, api.delete(lease("default", "nope")).code());
    }

    @Test
    void invalidNameAndDurationAreUnprocessableWithCauses() {
        ApiCalls.Reply invalid =
                api.post(
                        leases("default"),
                        "{\"metadata\":{\"name\":\"Not_Valid\"},\"spec\":{\"leaseDurationSeconds\":0}}");
        assertEquals(422, invalid.code());
        assertEquals("Invalid", invalid.reason());
        assertTrue(
                invalid.message()
                        .startsWith("Lease.coordination.k8s.io \"Not_Valid\" is invalid: ["),
                invalid.message());
        var causes = invalid.body().getAsJsonObject("details").getAsJsonArray("causes");
        assertEquals(2, causes.size());
        assertEquals("metadata.name", causes.get(0).getAsJsonObject().get("field").getAsString());
        assertEquals(
                "FieldValueInvalid", causes.get(0).getAsJsonObject().get("reason").getAsString());
        assertEquals(
                "spec.leaseDurationSeconds",
                causes.get(1).getAsJsonObject().get("field").getAsString());
        assertEquals(
                "Invalid value: 0: must be greater than 0",
                causes.get(1).getAsJsonObject().get("message").getAsString());

        assertEquals(
                422, api.post(leases("default"), leaseJson("x".repeat(254), null, "a")).code());
        assertEquals(
                422, api.post(leases("default"), leaseJson("-leading-dash", null, "a")).code());
        assertEquals(
                201, api.post(leases("default"), leaseJson("dotted.name-1", null, "a")).code());
    }

    @Test
    void undecodableBodiesAreBadRequest() {
        ApiCalls.Reply garbage = api.post(leases("default"), "{not json");
        assertEquals(400, garbage.code());
        assertEquals("BadRequest", garbage.reason());
        // wrong JSON type, a millisecond MicroTime (Go's layout wants exactly 6 digits), foreign
        // apiVersion
        assertEquals(
                400,
                api.post(
                                leases("default"),
                                "{\"metadata\":{\"name\":\"t\"},\"spec\":{\"leaseDurationSeconds\":\"15\"}}")
                        .code());
        assertEquals(
                400,
                api.post(
                                leases("default"),
                                "{\"metadata\":{\"name\":\"t\"},\"spec\":{\"renewTime\":\"2024-01-01T00:00:00.123Z\"}}")
                        .code());
        assertEquals(
                400,
                api.post(leases("default"), "{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"t\"}}")
                        .code());
        assertEquals(404, api.get(lease("default", "t")).code());
    }

    @Test
    void updateWithoutResourceVersionIsUnconditional() {
        api.post(leases("default"), leaseJson("unconditional", null, "a"));
        api.put(lease("default", "unconditional"), leaseJson("unconditional", null, "b"));

        ApiCalls.Reply forced =
                api.put(lease("default", "unconditional"), leaseJson("unconditional", null, "c"));

        assertEquals(200, forced.code());
        assertEquals(
                "c", forced.body().getAsJsonObject("spec").get("holderIdentity").getAsString());
    }

    @Test
    void createOfAnExistingNameIsAlreadyExists() {
        assertEquals(201, api.post(leases("default"), leaseJson("twice", null, "a")).code());

        ApiCalls.Reply again = api.post(leases("default"), leaseJson("twice", null, "b"));

        assertEquals(409, again.code());
        assertEquals("AlreadyExists", again.reason());
        assertEquals("leases.coordination.k8s.io \"twice\" already exists", again.message());
    }

    @Test
    void nameAndNamespaceMustMatchThePath() {
        api.post(leases("default"), leaseJson("named", null, "a"));
        ApiCalls.Reply mismatch = api.put(lease("default", "named"), leaseJson("other", null, "a"));
        assertEquals(400, mismatch.code());
        assertEquals(
                "the name of the object (other) does not match the name on the URL (named)",
                mismatch.message());
        ApiCalls.Reply wrongNamespace =
                api.post(
                        leases("default"),
                        "{\"metadata\":{\"name\":\"n\",\"namespace\":\"team-a\"}}");
        assertEquals(400, wrongNamespace.code());
    }

    @Test
    void createInAMissingNamespaceIsNamespaceNotFound() {
        ApiCalls.Reply missing = api.post(leases("elsewhere"), leaseJson("x", null, "a"));
        assertEquals(404, missing.code());
        assertEquals("namespaces \"elsewhere\" not found", missing.message());
        assertEquals(201, api.post(leases("team-a"), leaseJson("x", null, "a")).code());
    }

    @Test
    void mergePatchKeepsOtherFieldsAndHonoursAResourceVersionInThePatch() {
        String rv = api.post(leases("default"), leaseJson("patched", null, "a")).resourceVersion();
        ApiCalls.Reply patched =
                api.patch(
                        lease("default", "patched"),
                        "application/merge-patch+json",
                        "{\"spec\":{\"holderIdentity\":\"b\",\"leaseTransitions\":1}}");
        assertEquals(200, patched.code(), patched.body().toString());
        JsonObject spec = patched.body().getAsJsonObject("spec");
        assertEquals("b", spec.get("holderIdentity").getAsString());
        assertEquals(15, spec.get("leaseDurationSeconds").getAsInt());

        ApiCalls.Reply stale =
                api.patch(
                        lease("default", "patched"),
                        "application/strategic-merge-patch+json",
                        "{\"metadata\":{\"resourceVersion\":\""
                                + rv
                                + "\"},\"spec\":{\"holderIdentity\":\"c\"}}");
        assertEquals(409, stale.code());

        ApiCalls.Reply jsonPatch =
                api.patch(
                        lease("default", "patched"),
                        "application/json-patch+json",
                        "[{\"op\":\"test\",\"path\":\"/spec/holderIdentity\",\"value\":\"b\"},"
                                + "{\"op\":\"replace\",\"path\":\"/spec/holderIdentity\",\"value\":\"d\"}]");
        assertEquals(200, jsonPatch.code(), jsonPatch.body().toString());
        assertEquals(
                "d", jsonPatch.body().getAsJsonObject("spec").get("holderIdentity").getAsString());
        assertEquals(415, api.patch(lease("default", "patched"), "application/json", "{}").code());
    }

    @Test
    void deletePreconditionMismatchIsConflict() {
        api.post(leases("default"), leaseJson("guarded", null, "a"));
        ApiCalls.Reply refused =
                api.delete(
                        lease("default", "guarded"),
                        "{\"preconditions\":{\"resourceVersion\":\"1\"}}");
        assertEquals(409, refused.code());
        assertEquals(200, api.get(lease("default", "guarded")).code());
    }

    @Test
    void dryRunIsRefusedRatherThanWritten() {
        ApiCalls.Reply refused =
                api.post(leases("default") + "?dryRun=All", leaseJson("dry", null, "a"));
        assertEquals(400, refused.code());
        assertEquals(404, api.get(lease("default", "dry")).code());
    }

    @Test
    void generateNameAndCreateWithAResourceVersion() {
        ApiCalls.Reply generated =
                api.post(leases("default"), "{\"metadata\":{\"generateName\":\"gen-\"}}");
        assertEquals(201, generated.code());
        assertTrue(
                generated
                        .body()
                        .getAsJsonObject("metadata")
                        .get("name")
                        .getAsString()
                        .matches("gen-[a-z0-9]{5}"));
        ApiCalls.Reply withVersion = api.post(leases("default"), leaseJson("versioned", "7", "a"));
        assertEquals(500, withVersion.code()); // etcd3 storage refuses it, with this exact message
        assertEquals(
                "resourceVersion should not be set on objects to be created",
                withVersion.message());
    }

    @Test
    void unknownPathsAndMethodsAnswerLikeTheApiserver() {
        ApiCalls.Reply unknown = api.get("/apis/apps/v1/namespaces/default/deployments");
        assertEquals(404, unknown.code());
        assertEquals("the server could not find the requested resource", unknown.message());
        assertEquals(405, api.post("/apis/coordination.k8s.io/v1/leases", "{}").code());
        assertEquals(405, api.put(leases("default"), "{}").code());
        ApiCalls.Reply version = api.get("/version");
        assertEquals(200, version.code());
        assertEquals("1", version.body().get("major").getAsString());
        assertNotEquals(
                0,
                api.get("/apis/coordination.k8s.io/v1").body().getAsJsonArray("resources").size());
    }
}
