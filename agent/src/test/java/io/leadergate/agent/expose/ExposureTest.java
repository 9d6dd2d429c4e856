package io.leadergate.agent.expose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.config.ReadinessMode;
import io.leadergate.agent.election.ElectionSettings;
import io.leadergate.agent.election.FakeLeaseClient;
import io.leadergate.agent.election.GateControl;
import io.leadergate.agent.election.LeaseElector;
import io.leadergate.agent.election.LeaseWatchSource;
import io.leadergate.agent.election.SystemClock;
import io.leadergate.bootstrap.Gate;
import io.leadergate.bootstrap.LeadershipView;
import io.leadergate.testsupport.Await;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wiring the agent's start thread does, with a real elector thread on an in-memory Lease and
 * the process-wide gate: health port, metrics, the MBean on the platform MBeanServer, the
 * Leadership view.
 */
class ExposureTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final FakeLeaseClient lease = new FakeLeaseClient();
    private final ElectionSettings settings =
            new ElectionSettings(
                    "shop",
                    "exposure-test",
                    "me",
                    Duration.ofSeconds(2),
                    Duration.ofMillis(1500),
                    Duration.ofMillis(250));
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    private ObjectName name;
    private Exposure exposure;
    private LeaseElector elector;

    @BeforeEach
    void elect() throws Exception {
        name = JmxRegistration.objectName(settings.leaseName());
        exposure =
                new Exposure(
                        ElectionStatus.ofBootstrapGate(),
                        ReadinessMode.LEADER,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        elector =
                new LeaseElector(
                        settings,
                        lease,
                        LeaseWatchSource.NONE,
                        GateControl.BOOTSTRAP,
                        exposure.events(settings),
                        SystemClock.INSTANCE);
        exposure.electing(settings, elector, lease);
        elector.start();
    }

    @AfterEach
    void stop() throws Exception {
        elector.stop();
        exposure.stop();
        if (mbeans.isRegistered(name)) {
            mbeans.unregisterMBean(name);
        }
        Gate.revoke();
        LeadershipView.endTerm();
        LeadershipView.publish(null, null);
    }

    @Test
    void theLeaderShowsEverywhereAndStepsDownOverJmx() throws Exception {
        int port = exposure.healthPort().orElseThrow();
        await("leadership", () -> Http.get(port, "/readyz").statusCode() == 200);
        assertEquals(Boolean.TRUE, mbeans.getAttribute(name, "Leader"));
        assertEquals("me", mbeans.getAttribute(name, "Identity"));
        assertEquals("me", mbeans.getAttribute(name, "HolderIdentity"));
        assertEquals("shop", mbeans.getAttribute(name, "Namespace"));
        assertEquals("exposure-test", mbeans.getAttribute(name, "LeaseName"));
        assertEquals(0, mbeans.getAttribute(name, "LeaseTransitions"));
        assertTrue((Long) mbeans.getAttribute(name, "LeaderSinceEpochMillis") > 0);
        assertTrue(LeadershipView.isLeader());
        assertEquals(
                0,
                LeadershipView.fencingToken(),
                "the term began with leaseTransitions 0 (created)");
        assertEquals("me", LeadershipView.currentLeader());
        assertTrue(LeadershipView.verify(), "a live GET names this replica");

        await(
                "a renew",
                () ->
                        Http.get(port, "/metrics")
                                .body()
                                .contains(
                                        "leadergate_lease_renew_seconds_count{name=\"exposure-test\",} "));
        String metrics = Http.get(port, "/metrics").body();
        assertTrue(
                metrics.contains("leader_election_transitions_total{name=\"exposure-test\",} 1.0"),
                metrics);
        assertTrue(
                metrics.contains("leader_election_is_leader{name=\"exposure-test\",} 1.0"),
                metrics);

        String answer = (String) mbeans.invoke(name, "stepDown", new Object[0], new String[0]);
        assertTrue(answer.startsWith("stepped down"), answer);
        assertFalse(LeadershipView.isLeader(), "the gate closes before stepDown() returns");
        assertEquals(LeadershipView.NO_TOKEN, LeadershipView.fencingToken());
        assertFalse(LeadershipView.verify());
        await("the release", () -> lease.stored().isFree());
        assertEquals(503, Http.get(port, "/readyz").statusCode());
        assertEquals(Boolean.FALSE, mbeans.getAttribute(name, "Leader"));
        await(
                "the finished term in the histogram",
                () ->
                        Http.get(port, "/metrics")
                                .body()
                                .contains(
                                        "leader_election_leadership_duration_seconds_count{name=\"exposure-test\",} 1.0"));
        String again = (String) mbeans.invoke(name, "stepDown", new Object[0], new String[0]);
        assertTrue(again.startsWith("not the leader of lease shop/exposure-test"), again);
    }

    @Test
    void aFurtherGroupHasItsOwnMBeanAndLeadershipAnswers() throws Exception {
        int index = 3;
        ElectionSettings billing = settings.forLease("exposure-test-billing");
        FakeLeaseClient billingLease = new FakeLeaseClient();
        LeaseElector billingElector =
                new LeaseElector(
                        billing,
                        billingLease,
                        LeaseWatchSource.NONE,
                        GateControl.ofGroup(index),
                        exposure.groupEvents(billing, index),
                        SystemClock.INSTANCE);
        exposure.groupElecting("billing", index, billing, billingElector, billingLease);
        ObjectName billingName = JmxRegistration.objectName("exposure-test-billing");
        billingElector.start();
        try {
            await("billing leadership", () -> LeadershipView.isLeader("billing"));
            assertEquals(Boolean.TRUE, mbeans.getAttribute(billingName, "Leader"));
            assertEquals(0, LeadershipView.fencingToken("billing"));
            assertEquals(billing.identity(), LeadershipView.currentLeader("billing"));
            assertTrue(LeadershipView.verify("billing"), "a live GET of billing's Lease");
            assertEquals("", LeadershipView.currentLeader("reports"), "a group not elected here");
            assertFalse(LeadershipView.verify("reports"));
            int port = exposure.healthPort().orElseThrow();
            String metrics = Http.get(port, "/metrics").body();
            assertTrue(
                    metrics.contains(
                            "leader_election_transitions_total{name=\"exposure-test-billing\",} 1.0"),
                    metrics);
            assertTrue(
                    metrics.contains(
                            "leader_election_master_status{name=\"exposure-test-billing\",} 1.0"),
                    metrics);
            String answer =
                    (String) mbeans.invoke(billingName, "stepDown", new Object[0], new String[0]);
            assertTrue(answer.startsWith("stepped down"), answer);
            assertFalse(LeadershipView.isLeader("billing"));
            assertEquals(LeadershipView.NO_TOKEN, LeadershipView.fencingToken("billing"));
            assertFalse(LeadershipView.verify("billing"), "its gate is shut");
            assertEquals(Boolean.FALSE, mbeans.getAttribute(billingName, "Leader"));
        } finally {
            billingElector.stop();
            if (mbeans.isRegistered(billingName)) {
                mbeans.unregisterMBean(billingName);
            }
            Gate.revoke(index);
        }
    }

    @Test
    void anMBeanTheApplicationUnregisteredIsBackAfterTheElectorsNextTurn() throws Exception {
        await("the MBean", () -> mbeans.isRegistered(name));
        mbeans.unregisterMBean(name);
        await("the MBean again", () -> mbeans.isRegistered(name)); // one retry period: 250 ms
        assertEquals("me", mbeans.getAttribute(name, "Identity"));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, PATIENCE, condition);
    }
}
