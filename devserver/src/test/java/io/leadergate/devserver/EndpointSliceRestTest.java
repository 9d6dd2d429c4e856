package io.leadergate.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * discovery.k8s.io/v1 EndpointSlices through the same REST machinery as Leases: the verbs the
 * agent's leader Service writer and kubectl use, resourceVersion conflicts, the schema (pruning,
 * protocol defaulting, validation), label selectors, watches, the server-side Table and discovery.
 */
class EndpointSliceRestTest {
    private static final String SLICES =
            "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices";
    private static DevApiServer server;
    private static ApiCalls api;

    @BeforeAll
    static void start() {
        server = DevApiServer.builder().build().start();
        api = new ApiCalls(server.url(), null);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static String slice(String name, String resourceVersion, String address) {
        String rv =
                resourceVersion == null ? "" : ",\"resourceVersion\":\"" + resourceVersion + "\"";
        String endpoints =
                address == null
                        ? "[]"
                        : "[{\"addresses\":[\""
                                + address
                                + "\"],\"conditions\":{\"ready\":true},\"futureField\":1}]";
        return "{\"apiVersion\":\"discovery.k8s.io/v1\",\"kind\":\"EndpointSlice\",\"metadata\":{\"name\":\""
                + name
                + "\""
                + rv
                + ",\"labels\":{\"kubernetes.io/service-name\":\""
                + name
                + "\",\"endpointslice.kubernetes.io/managed-by\":\"leadergate.io\"}},"
                + "\"addressType\":\"IPv4\",\"ports\":[{\"name\":\"http\",\"port\":8080}],"
                + "\"endpoints\":"
                + endpoints
                + "}";
    }

    @Test
    void createGetReplaceWithConflictPatchAndDelete() {
        ApiCalls.Reply created = api.post(SLICES, slice("orders-leader", null, "10.0.0.1"));
        assertEquals(201, created.code(), created.body().toString());
        JsonObject body = created.body();
        assertEquals("EndpointSlice", body.get("kind").getAsString());
        assertEquals("TCP", port(body).get("protocol").getAsString(), "protocol defaults to TCP");
        assertFalse(
                body.getAsJsonArray("endpoints").get(0).getAsJsonObject().has("futureField"),
                "unknown fields are pruned");
        String rv = created.resourceVersion();

        ApiCalls.Reply got = api.get(SLICES + "/orders-leader");
        assertEquals(200, got.code());
        assertEquals("10.0.0.1", address(got.body()));

        ApiCalls.Reply replaced =
                api.put(SLICES + "/orders-leader", slice("orders-leader", rv, "10.0.0.2"));
        assertEquals(200, replaced.code(), replaced.body().toString());
        assertEquals("10.0.0.2", address(replaced.body()));

        ApiCalls.Reply stale =
                api.put(SLICES + "/orders-leader", slice("orders-leader", rv, "10.0.0.3"));
        assertEquals(409, stale.code());
        assertEquals("Conflict", stale.reason());
        assertTrue(
                stale.message()
                        .startsWith(
                                "Operation cannot be fulfilled on endpointslices.discovery.k8s.io"
                                        + " \"orders-leader\": the object has been modified"),
                stale.message());

        ApiCalls.Reply merged =
                api.patch(
                        SLICES + "/orders-leader",
                        "application/strategic-merge-patch+json",
                        "{\"endpoints\":[{\"addresses\":[\"10.0.0.4\"]}]}");
        assertEquals(200, merged.code(), merged.body().toString());
        assertEquals("10.0.0.4", address(merged.body()));
        ApiCalls.Reply jsonPatched =
                api.patch(
                        SLICES + "/orders-leader",
                        "application/json-patch+json",
                        "[{\"op\":\"replace\",\"path\":\"/endpoints\",\"value\":[]}]");
        assertEquals(200, jsonPatched.code(), jsonPatched.body().toString());
        assertEquals(0, jsonPatched.body().getAsJsonArray("endpoints").size());

        ApiCalls.Reply deleted = api.delete(SLICES + "/orders-leader");
        assertEquals(200, deleted.code());
        assertEquals(
                "endpointslices",
                deleted.body().getAsJsonObject("details").get("kind").getAsString());
        ApiCalls.Reply gone = api.get(SLICES + "/orders-leader");
        assertEquals(404, gone.code());
        assertEquals("endpointslices.discovery.k8s.io \"orders-leader\" not found", gone.message());
    }

    @Test
    void invalidSlicesAreRefusedWithTheirFieldErrors() {
        ApiCalls.Reply wrongAddress = api.post(SLICES, slice("bad-address", null, "10.0.0.300"));
        assertEquals(422, wrongAddress.code(), wrongAddress.body().toString());
        assertTrue(
                wrongAddress
                        .message()
                        .startsWith("EndpointSlice.discovery.k8s.io \"bad-address\" is invalid:"),
                wrongAddress.message());
        assertTrue(
                wrongAddress.message().contains("endpoints[0].addresses[0]"),
                wrongAddress.message());

        ApiCalls.Reply noType =
                api.post(
                        SLICES,
                        "{\"apiVersion\":\"discovery.k8s.io/v1\",\"kind\":\"EndpointSlice\","
                                + "\"metadata\":{\"name\":\"no-type\"},\"ports\":[{\"port\":70000}]}");
        assertEquals(422, noType.code());
        assertTrue(noType.message().contains("addressType: Required value"), noType.message());
        assertTrue(noType.message().contains("ports[0].port"), noType.message());

        ApiCalls.Reply badType =
                api.post(
                        SLICES,
                        "{\"apiVersion\":\"discovery.k8s.io/v1\",\"kind\":\"EndpointSlice\","
                                + "\"metadata\":{\"name\":\"bad-type\"},\"addressType\":\"IPv4\","
                                + "\"endpoints\":[{\"addresses\":\"10.0.0.1\"}]}");
        assertEquals(400, badType.code());
        assertTrue(
                badType.message()
                        .startsWith(
                                "EndpointSlice in version \"v1\" cannot be handled as an EndpointSlice:"),
                badType.message());

        ApiCalls.Reply created = api.post(SLICES, slice("immutable-type", null, "10.0.0.1"));
        ApiCalls.Reply retyped =
                api.patch(
                        SLICES + "/immutable-type",
                        "application/merge-patch+json",
                        "{\"addressType\":\"IPv6\",\"endpoints\":[]}");
        assertEquals(201, created.code());
        assertEquals(422, retyped.code());
        assertTrue(retyped.message().contains("field is immutable"), retyped.message());
    }

    @Test
    void listByServiceLabelWatchAndTable() throws Exception {
        assertEquals(201, api.post(SLICES, slice("listed-leader", null, "10.0.0.7")).code());
        String rv = api.get(SLICES + "/listed-leader").resourceVersion();
        ApiCalls.Reply listed =
                api.get(SLICES + "?labelSelector=kubernetes.io/service-name%3Dlisted-leader");
        assertEquals(200, listed.code());
        assertEquals("EndpointSliceList", listed.body().get("kind").getAsString());
        assertEquals(1, listed.body().getAsJsonArray("items").size());

        try (ApiCalls.WatchLines watch =
                api.watch(
                        SLICES
                                + "?watch=true&resourceVersion="
                                + rv
                                + "&fieldSelector=metadata.name%3Dlisted-leader")) {
            assertEquals(200, watch.code());
            assertEquals(
                    200,
                    api.put(SLICES + "/listed-leader", slice("listed-leader", rv, "10.0.0.8"))
                            .code());
            JsonObject event = watch.next(Duration.ofSeconds(10));
            assertEquals("MODIFIED", event.get("type").getAsString());
            assertEquals("10.0.0.8", address(event.getAsJsonObject("object")));
        }

        JsonObject table = api.getTable(SLICES + "/listed-leader");
        assertTrue(table.has("columnDefinitions"), table.toString());
        List<String> columns = new ArrayList<>();
        for (JsonElement column : table.getAsJsonArray("columnDefinitions")) {
            columns.add(column.getAsJsonObject().get("name").getAsString());
        }
        assertEquals(List.of("Name", "AddressType", "Ports", "Endpoints", "Age"), columns);
        JsonArray cells =
                table.getAsJsonArray("rows").get(0).getAsJsonObject().getAsJsonArray("cells");
        assertEquals("listed-leader", cells.get(0).getAsString());
        assertEquals("IPv4", cells.get(1).getAsString());
        assertEquals("8080", cells.get(2).getAsString());
        assertEquals("10.0.0.8", cells.get(3).getAsString());
        assertEquals(
                List.of("IPv4", "<unset>", "<unset>"),
                EndpointSliceSchema.cells(
                        EndpointSliceSchema.decode(
                                com.google.gson.JsonParser.parseString(
                                                "{\"addressType\":\"IPv4\",\"metadata\":{}}")
                                        .getAsJsonObject(),
                                new ArrayList<>())));
    }

    @Test
    void discoveryListsTheGroupAndTheResource() {
        ApiCalls.Reply groups = api.get("/apis");
        List<String> names = new ArrayList<>();
        for (JsonElement group : groups.body().getAsJsonArray("groups")) {
            names.add(group.getAsJsonObject().get("name").getAsString());
        }
        assertEquals(List.of("coordination.k8s.io", "discovery.k8s.io"), names);
        ApiCalls.Reply resources = api.get("/apis/discovery.k8s.io/v1");
        assertEquals(200, resources.code());
        JsonObject resource = resources.body().getAsJsonArray("resources").get(0).getAsJsonObject();
        assertEquals("endpointslices", resource.get("name").getAsString());
        assertEquals("EndpointSlice", resource.get("kind").getAsString());
        assertEquals(200, api.get("/apis/discovery.k8s.io").code());
        assertEquals(404, api.get("/apis/discovery.k8s.io/v1/namespaces/default/leases").code());
        assertEquals(404, api.get("/apis/discovery.k8s.io/v2").code());
    }

    private static JsonObject port(JsonObject slice) {
        return slice.getAsJsonArray("ports").get(0).getAsJsonObject();
    }

    private static String address(JsonObject slice) {
        return slice.getAsJsonArray("endpoints")
                .get(0)
                .getAsJsonObject()
                .getAsJsonArray("addresses")
                .get(0)
                .getAsString();
    }
}
