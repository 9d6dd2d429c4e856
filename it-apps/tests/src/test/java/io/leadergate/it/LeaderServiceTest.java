package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.testsupport.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code LEADERGATE_LEADER_SERVICE=orders-leader} on three replica JVMs (pod IPs 127.0.0.2-4)
 * against the dev server: the EndpointSlice of the selector-less Service names the leader's IP and
 * ports; after a kill -9 of the leader it follows the successor (which overwrites the slice the
 * dead leader could not withdraw); after a SIGTERM it follows again (the old leader withdrew itself
 * before releasing); followers never read or write it. (The real {@code kubectl} reading slices is
 * the devserver module's KubectlTest: here every client has its own token, and kubectl 1.33 sends
 * no bearer token over plain http.)
 */
class LeaderServiceTest {

    private static final List<String> IDS = List.of("replica-1", "replica-2", "replica-3");

    /** JVM start plus first election for three JVMs at once on a busy two-core host. */
    private static final Duration FIRST_LEADER = Duration.ofSeconds(90);

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final Pattern ADDRESS =
            Pattern.compile("\"addresses\"\\s*:\\s*\\[\\s*\"([^\"]+)\"");
    private static final Pattern LEADER =
            Pattern.compile("\"leadergate\\.io/leader\"\\s*:\\s*\"([^\"]*)\"");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension static final LeaseCluster cluster = LeaseCluster.withoutClassServer();

    private CountedReplicas replicas;
    private DevServerProcess server;
    private RunLog runLog;

    private static String podIp(String id) {
        return "127.0.0." + (1 + Integer.parseInt(id.substring(id.indexOf('-') + 1)));
    }

    @Test
    void theSliceFollowsLeadershipAcrossKillAndSigterm() {
        replicas =
                cluster.countedReplicas(List.of("replica-1", "replica-2", "replica-3", "observer"));
        server = replicas.server();
        runLog = replicas.runLog();
        for (String id : IDS) {
            Map<String, String> env = replicas.env(id, "orders");
            env.putAll(LeaseTimings.asEnvironment());
            env.put("LEADERGATE_LEADER_SERVICE", "orders-leader");
            env.put("LEADERGATE_LEADER_SERVICE_PORTS", "http:8080,grpc:9090");
            env.put("LEADERGATE_POD_IP", podIp(id));
            replicas.start(id, env);
        }
        String first =
                Await.value(
                                "a first leader",
                                FIRST_LEADER,
                                () -> runLog.first(run -> true),
                                this::describe)
                        .replicaId();
        awaitSliceNames(first);
        assertTrue(
                slice().orElseThrow().contains("\"port\":8080")
                        && slice().orElseThrow().contains("\"name\":\"grpc\""),
                "the leader's ports: " + slice());
        for (String id : IDS) {
            if (!id.equals(first)) {
                Await.until(
                        id + "'s agent to see the leader",
                        FIRST_LEADER,
                        () -> replica(id).stderr().contains("new leader is " + first),
                        this::describe);
            }
        }
        String requests = sliceRequests();
        for (String id : IDS) {
            if (!id.equals(first)) {
                assertTrue(
                        !requests.contains("\"" + id + "\""),
                        "a follower never reads or writes the slice: " + requests);
            }
        }

        // kill -9: the dead leader cannot withdraw; its successor overwrites the slice.
        long killed = System.nanoTime();
        replica(first).kill();
        String second =
                Await.value(
                                "a successor to run gated work",
                                PATIENCE,
                                () ->
                                        runLog.first(
                                                run ->
                                                        run.startNanos() > killed
                                                                && !run.replicaId().equals(first)),
                                this::describe)
                        .replicaId();
        awaitSliceNames(second);

        // SIGTERM: the leader withdraws itself before it releases; the last replica takes over.
        long terminated = System.nanoTime();
        replica(second).terminate();
        assertEquals(143, replica(second).awaitExit(PATIENCE), "SIGTERM exit status");
        assertTrue(
                replica(second).stderr().contains("withdrew " + podIp(second)),
                "the SIGTERMed leader withdraws its endpoint\n" + replica(second).describe());
        String third =
                Await.value(
                                "the last replica to run gated work",
                                PATIENCE,
                                () ->
                                        runLog.first(
                                                run ->
                                                        run.startNanos() > terminated
                                                                && !run.replicaId().equals(first)
                                                                && !run.replicaId().equals(second)),
                                this::describe)
                        .replicaId();
        awaitSliceNames(third);
    }

    private void awaitSliceNames(String id) {
        Await.until(
                "the EndpointSlice to name " + id + " (" + podIp(id) + ")",
                PATIENCE,
                () -> {
                    Optional<String> slice = slice();
                    return slice.isPresent()
                            && matches(ADDRESS, slice.get()).equals(podIp(id))
                            && matches(LEADER, slice.get()).equals(id);
                },
                () -> "slice: " + slice() + "\n" + describe());
    }

    private static String matches(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : "";
    }

    /** The slice as the observer client reads it, or empty when it does not exist. */
    private Optional<String> slice() {
        URI uri =
                server.baseUri()
                        .resolve(
                                "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/orders-leader");
        try {
            HttpResponse<String> response =
                    HTTP.send(
                            HttpRequest.newBuilder(uri)
                                    .header("Authorization", "Bearer token-observer")
                                    .timeout(Duration.ofSeconds(10))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            assertEquals(200, response.statusCode(), response.body());
            return Optional.of(response.body().replace(" ", ""));
        } catch (IOException e) {
            throw new AssertionError("cannot read the EndpointSlice", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String sliceRequests() {
        return DevServerHooks.send(
                server,
                HttpRequest.newBuilder(
                                server.baseUri().resolve("/_dev/requests?resource=endpointslices"))
                        .GET());
    }

    private ReplicaProcess replica(String id) {
        return replicas.replica(id);
    }

    private String describe() {
        return replicas.describe();
    }
}
