package io.leadergate.agent.expose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.leadergate.agent.config.AgentConfig;
import io.leadergate.agent.config.Kubeconfig;
import io.leadergate.agent.config.LeaderService;
import io.leadergate.agent.election.ElectionSettings;
import io.leadergate.agent.election.KubeLeaseClient;
import io.leadergate.agent.kube.ApiServer;
import io.leadergate.agent.log.AgentLog;
import io.leadergate.devserver.DevApiServer;
import io.leadergate.testsupport.Await;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader's EndpointSlice writer against the dev server: it publishes on leading, never writes
 * as a follower, withdraws only what names it (never a successor's slice), repairs an overwritten
 * slice while leading, and reports a refusal once without throwing.
 */
class LeaderEndpointSliceTest {
    private static final String SLICE =
            "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/orders-leader";

    private final DevApiServer server =
            DevApiServer.builder()
                    .client("replica-a", "token-a")
                    .client("replica-b", "token-b")
                    .client("tester", "token-t")
                    .build()
                    .start();

    @TempDir Path dir;

    @AfterEach
    void stop() {
        AgentLog.setOutput(System.err);
        server.stop();
    }

    private ElectionSettings settings(String identity) {
        return new ElectionSettings(
                "default",
                "orders",
                identity,
                Duration.ofSeconds(1),
                Duration.ofMillis(500),
                Duration.ofMillis(100));
    }

    private ApiServer api(String identity) throws Exception {
        Path kubeconfig = dir.resolve(identity + ".kubeconfig");
        server.writeKubeconfig(kubeconfig, identity, "default");
        return KubeLeaseClient.create(settings(identity), Optional.of(Kubeconfig.read(kubeconfig)))
                .apiServer();
    }

    private LeaderEndpointSlice writer(String identity, String ip) throws Exception {
        AgentConfig config =
                AgentConfig.load(
                        null,
                        Map.of(),
                        Map.of(
                                "LEADERGATE_LEADER_SERVICE", "orders-leader",
                                "LEADERGATE_POD_IP", ip,
                                "LEADERGATE_LEADER_SERVICE_PORTS", "http:8080,grpc:9090"),
                        null);
        LeaderService service = LeaderService.of(config).orElseThrow();
        return new LeaderEndpointSlice(
                api(identity), service, settings(identity), Duration.ofSeconds(2));
    }

    private JsonObject slice() throws Exception {
        ApiServer.Reply reply = api("tester").call("GET", SLICE, null, Duration.ofSeconds(5));
        return reply.code == 404 ? null : JsonParser.parseString(reply.body).getAsJsonObject();
    }

    private String address() throws Exception {
        JsonObject slice = slice();
        if (slice == null || slice.getAsJsonArray("endpoints").isEmpty()) {
            return "";
        }
        return slice.getAsJsonArray("endpoints")
                .get(0)
                .getAsJsonObject()
                .getAsJsonArray("addresses")
                .get(0)
                .getAsString();
    }

    private long writesBy(String client) {
        var counts = server.endpointSliceRequestCounts();
        return counts.count(client, "create")
                + counts.count(client, "update")
                + counts.count(client, "patch")
                + counts.count(client, "delete");
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(10), condition);
    }

    private BooleanSupplier addressIs(String ip) {
        return () -> {
            try {
                return address().equals(ip);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
    }

    @Test
    void theLeaderPublishesARealSliceForASelectorLessService() throws Exception {
        LeaderEndpointSlice a = writer("replica-a", "127.0.0.2");
        a.startWriter();
        a.onStartedLeading(null);
        await("the slice to name replica-a", addressIs("127.0.0.2"));
        JsonObject slice = slice();
        JsonObject metadata = slice.getAsJsonObject("metadata");
        assertEquals(
                "orders-leader",
                metadata.getAsJsonObject("labels").get("kubernetes.io/service-name").getAsString());
        assertEquals(
                "leadergate.io",
                metadata.getAsJsonObject("labels")
                        .get("endpointslice.kubernetes.io/managed-by")
                        .getAsString());
        assertEquals(
                "replica-a",
                metadata.getAsJsonObject("annotations").get("leadergate.io/leader").getAsString());
        assertEquals("IPv4", slice.get("addressType").getAsString());
        assertEquals(
                "[{\"name\":\"http\",\"protocol\":\"TCP\",\"port\":8080},"
                        + "{\"name\":\"grpc\",\"protocol\":\"TCP\",\"port\":9090}]",
                slice.get("ports").toString());
        JsonObject conditions =
                slice.getAsJsonArray("endpoints")
                        .get(0)
                        .getAsJsonObject()
                        .getAsJsonObject("conditions");
        assertTrue(conditions.get("ready").getAsBoolean());

        a.onStoppedLeading(null, "lost");
        await("replica-a to withdraw", addressIs(""));
        assertFalse(
                slice().getAsJsonObject("metadata")
                        .getAsJsonObject("annotations")
                        .has("leadergate.io/leader"));
        assertTrue(slice() != null, "the slice is emptied, never deleted");
    }

    @Test
    void aFollowerNeverWritesAndAWithdrawalNeverTouchesASuccessorsSlice() throws Exception {
        LeaderEndpointSlice a = writer("replica-a", "127.0.0.2");
        LeaderEndpointSlice b = writer("replica-b", "127.0.0.3");
        a.startWriter();
        b.startWriter();
        a.onStartedLeading(null);
        await("the slice to name replica-a", addressIs("127.0.0.2"));
        b.withdrawForRelease(); // a follower stopping
        assertEquals(0, writesBy("replica-b"), "a follower never writes the slice");
        assertEquals(0, server.endpointSliceRequestCounts().total("replica-b"), "nor reads it");

        // replica-a's loss and replica-b's acquisition race; whatever the order, b's slice stays.
        LeaderEndpointSlice c = writer("replica-b", "127.0.0.3");
        c.startWriter();
        c.onStartedLeading(null);
        await("the slice to name the successor", addressIs("127.0.0.3"));
        assertTrue(a.withdraw(), "a withdrawal of a slice that names someone else is done");
        a.onStoppedLeading(null, "lost");
        a.withdrawForRelease();
        assertEquals("127.0.0.3", address(), "the successor's slice is untouched");
        assertEquals(
                "replica-b",
                slice().getAsJsonObject("metadata")
                        .getAsJsonObject("annotations")
                        .get("leadergate.io/leader")
                        .getAsString());
    }

    @Test
    void aLeaderRepairsItsSliceOncePerLeaseDuration() throws Exception {
        LeaderEndpointSlice a = writer("replica-a", "127.0.0.2");
        a.startWriter();
        a.onStartedLeading(null);
        await("the slice to name replica-a", addressIs("127.0.0.2"));
        // An old leader's write that landed late: another address and holder.
        JsonObject stale = slice();
        stale.getAsJsonObject("metadata")
                .getAsJsonObject("annotations")
                .addProperty("leadergate.io/leader", "replica-old");
        stale.getAsJsonArray("endpoints")
                .get(0)
                .getAsJsonObject()
                .getAsJsonArray("addresses")
                .set(0, new com.google.gson.JsonPrimitive("127.0.0.9"));
        assertEquals(
                200,
                api("tester").call("PUT", SLICE, stale.toString(), Duration.ofSeconds(5)).code);
        await("the leader to rewrite its slice", addressIs("127.0.0.2"));
        a.withdrawForRelease();
        assertEquals("", address(), "withdrawn at release");
    }

    @Test
    void aRefusalIsLoggedOnceAndRetriedUntilItIsGranted() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        AgentLog.setOutput(new PrintStream(log, true, StandardCharsets.UTF_8));
        server.faults()
                .set(
                        io.leadergate.devserver.FaultPlan.none()
                                .withRefusal()
                                .forClients("replica-a"));
        LeaderEndpointSlice a = writer("replica-a", "127.0.0.2");
        a.startWriter();
        a.onStartedLeading(null);
        await(
                "a few retries",
                () -> server.endpointSliceRequestCounts().count("replica-a", "get") >= 3);
        long warnings =
                Arrays.stream(log.toString(StandardCharsets.UTF_8).split("\n"))
                        .filter(line -> line.contains("HTTP 403"))
                        .count();
        assertEquals(1, warnings, log.toString(StandardCharsets.UTF_8));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("gating is not affected"));
        assertTrue(
                log.toString(StandardCharsets.UTF_8)
                        .contains("endpointslices.discovery.k8s.io \"orders-leader\" is forbidden"),
                "the refusal names the resource, as RBAC words it");
        server.faults().clear();
        await("the slice once granted", addressIs("127.0.0.2"));
    }
}
