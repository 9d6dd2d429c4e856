package io.leadergate.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code leadergate.leader.service}, {@code .ports} and {@code leadergate.pod.ip}: what is
 * accepted, what a bad value says, and that a missing companion key turns the feature off in one
 * line while the election goes on.
 */
class LeaderServiceConfigTest {

    private static ConfigFixture complete() {
        return new ConfigFixture()
                .env("LEADERGATE_LEADER_SERVICE", "orders-leader")
                .env("LEADERGATE_POD_IP", "10.1.2.3")
                .env("LEADERGATE_LEADER_SERVICE_PORTS", "http:8080, grpc:9090 ,dns:53/udp");
    }

    @Test
    void unsetMeansOffAndNothingIsReported() {
        AgentConfig config = new ConfigFixture().load();
        assertEquals(Optional.empty(), LeaderService.of(config));
        assertTrue(config.problems().isEmpty(), config.problems().toString());
    }

    @Test
    void aCompleteConfigurationNamesServiceAddressAndPorts() {
        AgentConfig config = complete().load();
        assertTrue(config.problems().isEmpty(), config.problems().toString());
        LeaderService service = LeaderService.of(config).orElseThrow();
        assertEquals("orders-leader", service.serviceName());
        assertEquals("10.1.2.3", service.podIp());
        assertEquals("IPv4", service.addressType());
        List<LeaderService.Port> ports = service.ports();
        assertEquals(3, ports.size());
        assertEquals("grpc", ports.get(1).name());
        assertEquals(9090, ports.get(1).number());
        assertEquals("TCP", ports.get(1).protocol());
        assertEquals("UDP", ports.get(2).protocol());
        assertEquals(
                "http:8080,grpc:9090,dns:53/UDP",
                LeaderService.PORTS_TYPE.format(ports),
                "formatted as written, for the startup line");
    }

    @Test
    void aLoneUnnamedPortAndIpv6AreAccepted() {
        AgentConfig config =
                complete()
                        .env("LEADERGATE_LEADER_SERVICE_PORTS", "8080")
                        .env("LEADERGATE_POD_IP", "FD00::1:2")
                        .load();
        LeaderService service = LeaderService.of(config).orElseThrow();
        assertEquals("", service.ports().get(0).name());
        assertEquals("fd00::1:2", service.podIp());
        assertEquals("IPv6", service.addressType());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http:80a",
                "http:0",
                "http:70000",
                "Http:80",
                "http:80/tcpx",
                "80,90",
                "a:1,a:2",
                ","
            })
    void badPortsAreReportedWithTheExpectedForm(String ports) {
        AgentConfig config = complete().env("LEADERGATE_LEADER_SERVICE_PORTS", ports).load();
        String error = ConfigFixture.onlyError(config);
        assertTrue(error.contains("LEADERGATE_LEADER_SERVICE_PORTS"), error);
        assertTrue(error.contains("http:8080"), error);
        assertTrue(
                config.electionBlockers().isEmpty(), "a leader service never stops the election");
        IllegalStateException off =
                assertThrows(IllegalStateException.class, () -> LeaderService.of(config));
        assertTrue(off.getMessage().contains("LEADERGATE_LEADER_SERVICE_PORTS"), off.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders.leader", "Orders", "1orders", "orders-"})
    void aServiceNameMustBeAnRfc1035Label(String name) {
        AgentConfig config = complete().env("LEADERGATE_LEADER_SERVICE", name).load();
        String error = ConfigFixture.onlyError(config);
        assertTrue(error.contains("RFC 1035 label"), error);
        assertEquals(Optional.empty(), LeaderService.of(config), "an invalid name is off");
    }

    @ParameterizedTest
    @ValueSource(strings = {"my-pod.example", "10.1.2", "10.1.2.300", "$(POD_IP)"})
    void thePodIpMustBeAnAddressLiteral(String ip) {
        AgentConfig config = complete().env("LEADERGATE_POD_IP", ip).load();
        String error = ConfigFixture.onlyError(config);
        assertTrue(error.contains("status.podIP"), error);
    }

    @Test
    void withoutThePodIpTheFeatureIsRefusedInOneLineAndTheElectionGoesOn() {
        AgentConfig config =
                new ConfigFixture()
                        .env("LEADERGATE_LEADER_SERVICE", "orders-leader")
                        .env("LEADERGATE_LEADER_SERVICE_PORTS", "http:8080")
                        .load();
        assertTrue(config.electionBlockers().isEmpty());
        IllegalStateException off =
                assertThrows(IllegalStateException.class, () -> LeaderService.of(config));
        assertEquals(
                "leader service orders-leader is off: LEADERGATE_POD_IP is not set (give the"
                        + " container env LEADERGATE_POD_IP from fieldRef status.podIP); the election"
                        + " and gating go on without it",
                off.getMessage());
        assertFalse(off.getMessage().contains("\n"));
    }

    @Test
    void aMisspelledKeyGetsADidYouMean() {
        AgentConfig config =
                new ConfigFixture().env("LEADERGATE_LEADER_SERVCE", "orders-leader").load();
        String warning =
                ConfigFixture.messages(config, io.leadergate.agent.log.AgentLog.Level.WARN)
                        .toString();
        assertTrue(warning.contains("LEADERGATE_LEADER_SERVICE"), warning);
    }

    @Test
    void theServiceFollowsTheDefaultGroupUnlessAnotherIsNamed() {
        assertEquals(WorkGroups.DEFAULT, complete().load().get(ConfigKeys.LEADER_SERVICE_GROUP));
        AgentConfig billing = complete().env("LEADERGATE_LEADER_SERVICE_GROUP", "billing").load();
        assertTrue(billing.problems().isEmpty(), billing.problems().toString());
        assertEquals("billing", billing.get(ConfigKeys.LEADER_SERVICE_GROUP));
        assertEquals(
                WorkGroups.DEFAULT,
                complete()
                        .env("LEADERGATE_LEADER_SERVICE_GROUP", "Default")
                        .load()
                        .get(ConfigKeys.LEADER_SERVICE_GROUP));

        AgentConfig bad = complete().env("LEADERGATE_LEADER_SERVICE_GROUP", "Billing Jobs").load();
        String error = ConfigFixture.onlyError(bad);
        assertTrue(error.contains("did you mean 'billing-jobs'?"), error);
        assertTrue(error.contains("using the default"), error);
        assertEquals(WorkGroups.DEFAULT, bad.get(ConfigKeys.LEADER_SERVICE_GROUP));
    }
}
