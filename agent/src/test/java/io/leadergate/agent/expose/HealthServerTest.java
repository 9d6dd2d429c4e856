package io.leadergate.agent.expose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.config.ReadinessMode;
import io.leadergate.agent.election.ElectionSettings;
import io.leadergate.agent.election.LeadershipState;
import io.leadergate.agent.election.LeaseApiException;
import io.leadergate.agent.log.AgentLog;
import io.prometheus.client.CollectorRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The health port on an ephemeral port against a fake state source. */
class HealthServerTest {

    private final StatusFixture fixture = new StatusFixture("orders");
    private HealthServer server;

    @AfterEach
    void stop() {
        HealthServer started = server;
        if (started != null) {
            // HttpServer.stop waits up to a second for its dispatcher's selector; no test needs to
            // wait for that.
            Thread stopper = new Thread(started::stop, "health-server-test-stop");
            stopper.setDaemon(true);
            stopper.start();
        }
        AgentLog.setOutput(System.err);
    }

    private int start(ReadinessMode mode) {
        CollectorRegistry registry = new CollectorRegistry();
        registry.register(new LeadershipCollector(fixture.status));
        registry.register(new GateCollector());
        server =
                HealthServer.start(
                                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                                new ProbeAnswers(fixture.status, mode),
                                new LeaderDocument(fixture.status),
                                new MetricsEndpoint(registry))
                        .orElseThrow();
        return server.port();
    }

    @Test
    void beforeTheElectorExistsProbesSayStarting() {
        int port = start(ReadinessMode.LEADER);
        HttpResponse<String> health = Http.get(port, "/healthz");
        assertEquals(200, health.statusCode());
        assertTrue(health.body().startsWith("ok: not electing (starting"), health.body());
        HttpResponse<String> ready = Http.get(port, "/readyz");
        assertEquals(503, ready.statusCode());
        assertTrue(ready.body().startsWith("not leader: not electing (starting"), ready.body());
    }

    @Test
    void theLeaderIsReadyAndHealthy() {
        fixture.electing().leader(4);
        int port = start(ReadinessMode.LEADER);
        assertEquals(200, Http.get(port, "/healthz").statusCode());
        HttpResponse<String> ready = Http.get(port, "/readyz");
        assertEquals(200, ready.statusCode());
        assertEquals("leader\n", ready.body());
        assertEquals(
                "text/plain; charset=utf-8", ready.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void aFollowerIsNotReadyAndSaysWhoLeads() {
        fixture.electing().follower("replica-2", null);
        int port = start(ReadinessMode.LEADER);
        HttpResponse<String> ready = Http.get(port, "/readyz");
        assertEquals(503, ready.statusCode());
        assertEquals("not leader: replica-2 holds lease shop/orders\n", ready.body());
        assertEquals(
                200, Http.get(port, "/healthz").statusCode(), "a follower is never judged stuck");
    }

    @Test
    void anElectorThatStillSaysLeaderAfterTheGateClosedIsNotReady() {
        fixture.electing().leader(4);
        fixture.gate.set(false); // the term lapsed before the elector published its loss
        int port = start(ReadinessMode.LEADER);
        HttpResponse<String> ready = Http.get(port, "/readyz");
        assertEquals(503, ready.statusCode());
        assertTrue(
                ready.body().contains("names this replica but its term has lapsed"), ready.body());
        assertTrue(Http.get(port, "/leader").body().startsWith("{\"isLeader\":false,"));
    }

    @Test
    void leaderListsEveryGroupAndReadinessMeansLeadingAtLeastOne() {
        fixture.electing().follower("replica-2", null);
        fixture.status.groupElecting("", fixture.settings, fixture.state::get, fixture.gate::get);
        ElectionSettings billing = fixture.settings.forLease("orders-billing");
        AtomicBoolean billingGate = new AtomicBoolean(true);
        fixture.status.groupElecting(
                "billing",
                billing,
                () ->
                        new LeadershipState(
                                true,
                                "me",
                                "me",
                                billing.leaseKey(),
                                7,
                                StatusFixture.T0,
                                StatusFixture.T0,
                                null,
                                StatusFixture.T0),
                billingGate::get);
        int port = start(ReadinessMode.LEADER);
        String leader = Http.get(port, "/leader").body();
        assertTrue(leader.startsWith("{\"isLeader\":false,"), leader); // the top level: default
        assertTrue(
                leader.contains(
                        "\"groups\":[{\"group\":\"\",\"lease\":\"shop/orders\","
                                + "\"holderIdentity\":\"replica-2\",\"isLeader\":false,"
                                + "\"fencingToken\":-1},"
                                + "{\"group\":\"billing\",\"lease\":\"shop/orders-billing\","
                                + "\"holderIdentity\":\"me\",\"isLeader\":true,"
                                + "\"fencingToken\":7}]"),
                leader);
        String metrics = Http.get(port, "/metrics").body();
        assertTrue(
                metrics.contains("leader_election_master_status{name=\"orders\",} 0.0"), metrics);
        assertTrue(
                metrics.contains("leader_election_master_status{name=\"orders-billing\",} 1.0"),
                metrics);
        assertTrue(
                metrics.contains("leadergate_lease_transitions{name=\"orders-billing\",} 7.0"),
                metrics);
        HttpResponse<String> ready = Http.get(port, "/readyz");
        assertEquals(200, ready.statusCode(), "leads billing: ready");
        billingGate.set(false); // billing's term lapsed: no group led
        assertEquals(503, Http.get(port, "/readyz").statusCode());
        assertTrue(
                Http.get(port, "/leader")
                        .body()
                        .contains("\"isLeader\":false,\"fencingToken\":-1}]"));
    }

    @Test
    void alwaysModeIsReadyOnEveryReplicaThatElects() {
        fixture.electing().follower("replica-2", null);
        int port = start(ReadinessMode.ALWAYS);
        HttpResponse<String> ready = Http.get(port, "/readyz");
        assertEquals(200, ready.statusCode());
        assertEquals("ready: follower, replica-2 holds lease shop/orders\n", ready.body());
        fixture.leader(5);
        assertEquals("ready: leader\n", Http.get(port, "/readyz").body());
    }

    @Test
    void aReplicaThatDoesNotElectIsLiveButNotReadyInEitherMode() {
        fixture.status.notElecting("no lease name: set LEADERGATE_LEASE_NAME");
        int port = start(ReadinessMode.ALWAYS);
        HttpResponse<String> health = Http.get(port, "/healthz");
        assertEquals(200, health.statusCode(), "a restart cannot fix configuration");
        assertEquals(
                "ok: not electing (no lease name: set LEADERGATE_LEASE_NAME)\n", health.body());
        HttpResponse<String> ready = Http.get(port, "/readyz");
        assertEquals(503, ready.statusCode());
        assertEquals(
                "not ready: not electing (no lease name: set LEADERGATE_LEASE_NAME)\n",
                ready.body());
        String leader = Http.get(port, "/leader").body();
        assertTrue(
                leader.startsWith(
                        "{\"isLeader\":false,\"identity\":null,\"electing\":false,"
                                + "\"reason\":\"no lease name: set LEADERGATE_LEASE_NAME\",\"gateOpen\":false,"),
                leader);
    }

    @Test
    void leaderDocumentCarriesTheStateAsJson() {
        fixture.electing().leader(4);
        int port = start(ReadinessMode.LEADER);
        HttpResponse<String> leader = Http.get(port, "/leader");
        assertEquals(200, leader.statusCode());
        assertEquals(
                "application/json; charset=utf-8",
                leader.headers().firstValue("Content-Type").orElse(""));
        assertTrue(
                leader.body()
                        .startsWith(
                                "{\"isLeader\":true,\"identity\":\"me\",\"electing\":true,"
                                        + "\"holderIdentity\":\"me\",\"lease\":\"shop/orders\",\"leaseTransitions\":4,"
                                        + "\"leaderSince\":\"2026-01-30T10:00:00Z\",\"lastRenew\":\"2026-01-30T10:00:04Z\",\"lastError\":null,"
                                        + "\"observedAt\":\"2026-01-30T10:00:05Z\",\"gateOpen\":true,\"gatedMethods\":["),
                leader.body());
        assertTrue(leader.body().endsWith("]}\n"), leader.body());
    }

    @Test
    void lastErrorIsTheMetricLabel() {
        fixture.electing().follower("", LeaseApiException.Kind.NOT_FOUND);
        int port = start(ReadinessMode.LEADER);
        assertTrue(Http.get(port, "/leader").body().contains("\"lastError\":\"not_found\""));
        assertEquals(
                "not leader: lease shop/orders is free or not read yet\n",
                Http.get(port, "/readyz").body());
    }

    @Test
    void metricsSpeakTextFormatAndOpenMetricsOnRequest() {
        fixture.electing().leader(4);
        int port = start(ReadinessMode.LEADER);
        HttpResponse<String> text = Http.get(port, "/metrics");
        assertEquals(200, text.statusCode());
        assertTrue(
                text.headers()
                        .firstValue("Content-Type")
                        .orElse("")
                        .startsWith("text/plain; version=0.0.4"));
        assertTrue(
                text.body().contains("leader_election_master_status{name=\"orders\",} 1.0"),
                text.body());
        HttpResponse<String> open =
                Http.get(
                        port,
                        "/metrics",
                        "application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertTrue(
                open.headers()
                        .firstValue("Content-Type")
                        .orElse("")
                        .startsWith("application/openmetrics-text"));
        assertTrue(
                open.body().contains("leader_election_is_leader{name=\"orders\"} 1.0"),
                open.body());
        assertTrue(open.body().endsWith("# EOF\n"), open.body());
    }

    @Test
    void readOnlyAndUnknownPaths() {
        int port = start(ReadinessMode.LEADER);
        HttpResponse<String> post = Http.post(port, "/readyz");
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
        HttpResponse<String> missing = Http.get(port, "/nope");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("/healthz"));
    }

    @Test
    void serverThreadsAreDaemonsSoTheyNeverKeepTheApplicationAlive() throws Exception {
        // Started from a non-daemon thread on purpose: the server must not inherit that.
        int port = start(ReadinessMode.LEADER);
        Http.get(port, "/healthz");
        boolean sawServer = false;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("leadergate-http")) {
                sawServer = true;
                assertTrue(thread.isDaemon(), thread.getName() + " is not a daemon thread");
            }
        }
        assertTrue(sawServer, "no leadergate-http thread found: the check above proved nothing");
    }

    @Test
    void aPortInUseIsLoggedOnceAndNothingThrows() throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        AgentLog.setOutput(new PrintStream(log, true, StandardCharsets.UTF_8));
        AgentLog.reset("expose.health.bind");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address =
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
            ProbeAnswers probes = new ProbeAnswers(fixture.status, ReadinessMode.LEADER);
            MetricsEndpoint metrics = new MetricsEndpoint(new CollectorRegistry());
            Optional<HealthServer> first =
                    HealthServer.start(
                            address, probes, new LeaderDocument(fixture.status), metrics);
            Optional<HealthServer> second =
                    HealthServer.start(
                            address, probes, new LeaderDocument(fixture.status), metrics);
            assertFalse(first.isPresent());
            assertFalse(second.isPresent());
        }
        String text = log.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().filter(l -> l.contains("cannot listen on")).count(), text);
        assertTrue(text.contains("the application and the election go on"), text);
    }
}
