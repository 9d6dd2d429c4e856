package io.leadergate.agent.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Lease;
import io.leadergate.agent.config.Kubeconfig;
import io.leadergate.agent.kube.ApiServer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** KubeLeaseClient's real request and parsing path against canned API server responses. */
class KubeLeaseClientTest {

    private static final String LEASE_PATH =
            "/apis/coordination.k8s.io/v1/namespaces/shop/leases/orders-singleton";
    private static final ElectionSettings SETTINGS =
            new ElectionSettings(
                    "shop",
                    "orders-singleton",
                    "me",
                    Duration.ofSeconds(15),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(2));

    private final CannedApiServer server = newServer();

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static CannedApiServer newServer() {
        try {
            return new CannedApiServer();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private KubeLeaseClient client(String basePath, ElectionSettings settings) {
        return new KubeLeaseClient(ApiServer.at(URI.create(basePath)), settings);
    }

    private KubeLeaseClient client() {
        return client(server.url(), SETTINGS);
    }

    @Test
    void readsALeaseWrittenByClientGoWithMicrosecondTimes() throws Exception {
        server.respondWithResource("lease-client-go.json");
        LeaseSnapshot snapshot = client().get().orElseThrow();

        LeaseRecord r = snapshot.record();
        assertEquals(
                "orders-controller-7d9f8c6b5-x2x7q_3f1e6b0a-8c1d-4d2e-9b7a-2c5d8e9f0a1b",
                r.holderIdentity());
        assertEquals(15, r.leaseDurationSeconds());
        assertEquals(Instant.parse("2026-01-30T09:58:41.004512Z"), r.acquireTime());
        assertEquals(Instant.parse("2026-01-30T10:00:10.123456Z"), r.renewTime());
        assertEquals(3, r.leaseTransitions());
        assertEquals("48213", snapshot.resourceVersion());
        assertEquals("GET", server.last().method);
        assertEquals(LEASE_PATH, server.last().path);
    }

    @Test
    void aLeaseWithoutHolderIsFree() throws Exception {
        server.respondWithResource("lease-holder-absent.json");
        LeaseRecord r = client().get().orElseThrow().record();

        assertTrue(r.isFree());
        assertEquals("", r.holderIdentity());
        assertEquals(1, r.leaseDurationSeconds());
        assertEquals(4, r.leaseTransitions());
    }

    @Test
    void unknownFieldsAreReadAndPreservedOnUpdate() throws Exception {
        String json = CannedApiServer.resource("lease-unknown-fields.json");
        assertThrows(
                IllegalArgumentException.class,
                () -> new JSON().deserialize(json, V1Lease.class),
                "client-java's generated model rejects unknown fields: the reason we parse raw JSON");

        server.respond(200, json);
        KubeLeaseClient client = client();
        LeaseSnapshot read = client.get().orElseThrow();
        LeaseRecord r = read.record();
        assertEquals("go-controller-0", r.holderIdentity());
        assertEquals(30, r.leaseDurationSeconds());
        assertEquals(9, r.leaseTransitions());
        assertEquals("OldestEmulationVersion", r.strategy());
        assertEquals("go-controller-1", r.preferredHolder());

        Instant now = Instant.parse("2026-01-30T10:00:30.5Z");
        client.update(read, LeaseRecord.newTerm("me", 15, now, 10, r));
        CannedApiServer.Received put = server.last();
        assertEquals("PUT", put.method);
        assertEquals(LEASE_PATH, put.path);
        JsonObject sent = JsonParser.parseString(put.body).getAsJsonObject();
        assertEquals("coordination.k8s.io/v1", sent.get("apiVersion").getAsString());
        assertEquals("Lease", sent.get("kind").getAsString());
        JsonObject metadata = sent.getAsJsonObject("metadata");
        assertEquals("90210", metadata.get("resourceVersion").getAsString());
        assertEquals(
                "orders",
                metadata.getAsJsonObject("labels").get("app.kubernetes.io/name").getAsString());
        assertEquals("checkout", metadata.getAsJsonObject("annotations").get("team").getAsString());
        assertEquals(
                "orders",
                metadata.getAsJsonArray("ownerReferences")
                        .get(0)
                        .getAsJsonObject()
                        .get("name")
                        .getAsString());
        assertEquals(
                "v2",
                metadata.getAsJsonArray("managedFields")
                        .get(0)
                        .getAsJsonObject()
                        .get("futureManagedFieldsAttribute")
                        .getAsString());
        JsonObject spec = sent.getAsJsonObject("spec");
        assertEquals(12, spec.getAsJsonObject("futureSpecField").get("epoch").getAsInt());
        assertEquals("me", spec.get("holderIdentity").getAsString());
        assertEquals(15, spec.get("leaseDurationSeconds").getAsInt());
        assertEquals(10, spec.get("leaseTransitions").getAsInt());
        assertEquals("2026-01-30T10:00:30.500000Z", spec.get("renewTime").getAsString());
        assertEquals("2026-01-30T10:00:30.500000Z", spec.get("acquireTime").getAsString());
        assertEquals("OldestEmulationVersion", spec.get("strategy").getAsString());
        assertTrue(sent.getAsJsonObject("status").get("futureStatus").getAsBoolean());
    }

    @Test
    void releaseWritesAnEmptyHolderNotANull() throws Exception {
        server.respondWithResource("lease-client-go.json");
        KubeLeaseClient client = client();
        LeaseSnapshot read = client.get().orElseThrow();
        client.update(read, read.record().released(Instant.parse("2026-01-30T10:00:12.000001Z")));

        JsonObject spec =
                JsonParser.parseString(server.last().body)
                        .getAsJsonObject()
                        .getAsJsonObject("spec");
        assertEquals("", spec.get("holderIdentity").getAsString());
        assertEquals(1, spec.get("leaseDurationSeconds").getAsInt());
        assertEquals(3, spec.get("leaseTransitions").getAsInt());
        assertEquals("2026-01-30T10:00:12.000001Z", spec.get("renewTime").getAsString());
    }

    @Test
    void createPostsACompleteLease() throws Exception {
        server.respondWithResource("lease-client-go.json");
        Instant now = Instant.parse("2026-01-30T10:00:00Z");
        client().create(LeaseRecord.newTerm("me", 15, now, 0, null));

        CannedApiServer.Received post = server.last();
        assertEquals("POST", post.method);
        assertEquals("/apis/coordination.k8s.io/v1/namespaces/shop/leases", post.path);
        JsonObject sent = JsonParser.parseString(post.body).getAsJsonObject();
        assertEquals("coordination.k8s.io/v1", sent.get("apiVersion").getAsString());
        assertEquals("Lease", sent.get("kind").getAsString());
        assertEquals(
                "orders-singleton", sent.getAsJsonObject("metadata").get("name").getAsString());
        assertEquals("shop", sent.getAsJsonObject("metadata").get("namespace").getAsString());
        assertEquals(
                "2026-01-30T10:00:00.000000Z",
                sent.getAsJsonObject("spec").get("acquireTime").getAsString());
        assertEquals(0, sent.getAsJsonObject("spec").get("leaseTransitions").getAsInt());
    }

    @Test
    void aMissingLeaseIsEmpty() throws Exception {
        server.respond(404, "{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\"}");
        assertEquals(Optional.empty(), client().get());
    }

    @ParameterizedTest
    @CsvSource({
        "403, FORBIDDEN",
        "401, UNAUTHORIZED",
        "404, NOT_FOUND",
        "409, CONFLICT",
        "422, INVALID",
        "400, INVALID",
        "500, OTHER",
        "504, TIMEOUT",
        "429, THROTTLED"
    })
    void statusCodesDecideTheKind(int code, LeaseApiException.Kind kind) {
        server.respondWithResource("lease-client-go.json");
        KubeLeaseClient client = client();
        LeaseSnapshot read = assertDoesNotThrow(client);
        // The reason text deliberately contradicts the code: only the code may decide.
        server.respond(
                code,
                "{\"kind\":\"Status\",\"code\":"
                        + code
                        + ",\"reason\":\"Conflict\",\"message\":\"said the server\"}");
        LeaseApiException e =
                assertThrows(
                        LeaseApiException.class,
                        () -> client.update(read, read.record().renewed(15, Instant.now())));
        assertEquals(kind, e.kind());
        assertEquals(code, e.code());
        assertTrue(e.getMessage().contains("said the server"), e.getMessage());
    }

    /**
     * Retry-After as client-go's checkWait reads it: whole seconds, on a 429 or a 5xx only; an
     * HTTP-date, a fraction or a negative number counts as absent (-1).
     */
    @ParameterizedTest
    @CsvSource({
        "429, 3, 3",
        "503, 1, 1",
        "500, 0, 0",
        "429, ' 7 ', 7",
        "409, 3, -1",
        "403, 3, -1",
        "429, 'Wed, 21 Oct 2026 07:28:00 GMT', -1",
        "429, 1.5, -1",
        "429, -2, -1",
        "429, 99999999999, 2147483647"
    })
    void retryAfterIsHonouredInWholeSecondsOnThrottlingAndServerErrors(
            int code, String header, int expected) {
        server.respondWithResource("lease-client-go.json");
        KubeLeaseClient client = client();
        LeaseSnapshot read = assertDoesNotThrow(client);
        server.retryAfter = header;
        server.respond(
                code, "{\"kind\":\"Status\",\"code\":" + code + ",\"message\":\"slow down\"}");
        LeaseApiException e =
                assertThrows(
                        LeaseApiException.class,
                        () -> client.update(read, read.record().renewed(15, Instant.now())));
        assertEquals(expected, e.retryAfterSeconds(), e.getMessage());
        assertEquals(code == 429 || code >= 500, e.isPushback());
    }

    @Test
    void noRetryAfterHeaderIsAbsent() {
        assertEquals(-1, ApiServer.retryAfterSeconds(null));
        assertEquals(-1, ApiServer.retryAfterSeconds(""));
        assertEquals(32, ApiServer.retryAfterSeconds("32"));
    }

    private static LeaseSnapshot assertDoesNotThrow(KubeLeaseClient client) {
        try {
            return client.get().orElseThrow();
        } catch (LeaseApiException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRefusedConnectionIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        LeaseApiException e =
                assertThrows(
                        LeaseApiException.class,
                        () -> client("http://127.0.0.1:" + closedPort, SETTINGS).get());
        assertEquals(LeaseApiException.Kind.UNREACHABLE, e.kind());
        assertEquals(0, e.code());
    }

    @Test
    void aFailedTlsHandshakeIsUnreachable() throws Exception {
        try (ServerSocket plainText = new ServerSocket(0)) {
            Thread answerer =
                    new Thread(
                            () -> {
                                try (java.net.Socket s = plainText.accept()) {
                                    // Not a TLS server: answers the ClientHello with plain HTTP.
                                    s.getOutputStream()
                                            .write(
                                                    "HTTP/1.1 400 Bad Request\r\n\r\n"
                                                            .getBytes(StandardCharsets.US_ASCII));
                                } catch (java.io.IOException ignored) {
                                    // the test asserts on the client side
                                }
                            },
                            "plain-text-answerer");
            answerer.setDaemon(true);
            answerer.start();
            LeaseApiException e =
                    assertThrows(
                            LeaseApiException.class,
                            () ->
                                    client(
                                                    "https://127.0.0.1:" + plainText.getLocalPort(),
                                                    SETTINGS)
                                            .get());
            assertEquals(LeaseApiException.Kind.UNREACHABLE, e.kind(), e.getMessage());
        }
    }

    @Test
    void aSlowServerTimesOutWithinTheCallTimeout() {
        ElectionSettings fast =
                new ElectionSettings(
                        "shop",
                        "orders-singleton",
                        "me",
                        Duration.ofSeconds(2),
                        Duration.ofMillis(1000),
                        Duration.ofMillis(400));
        assertEquals(Duration.ofMillis(500), fast.callTimeout());
        server.delayMillis = 3000;
        long started = System.nanoTime();
        LeaseApiException e =
                assertThrows(LeaseApiException.class, () -> client(server.url(), fast).get());
        assertEquals(LeaseApiException.Kind.TIMEOUT, e.kind(), e.getMessage());
        assertTrue(
                System.nanoTime() - started < Duration.ofMillis(2500).toNanos(),
                "bounded by the call timeout");
    }

    @Test
    void theKubeconfigFactorySendsItsCredentials(@TempDir Path dir) throws Exception {
        server.respondWithResource("lease-client-go.json");
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(
                kubeconfig,
                String.join(
                        "\n",
                        "apiVersion: v1",
                        "kind: Config",
                        "clusters:",
                        "- name: dev",
                        "  cluster:",
                        "    server: " + server.url(),
                        "users:",
                        "- name: tester",
                        "  user:",
                        "    token: test-token",
                        "contexts:",
                        "- name: dev",
                        "  context: {cluster: dev, user: tester, namespace: shop}",
                        "current-context: dev",
                        ""));
        KubeLeaseClient client =
                KubeLeaseClient.create(SETTINGS, Optional.of(Kubeconfig.read(kubeconfig)));

        assertFalse(client.get().isEmpty());
        assertEquals("Bearer test-token", server.last().authorization);
        assertEquals(server.url(), client.serverAddress());
    }
}
