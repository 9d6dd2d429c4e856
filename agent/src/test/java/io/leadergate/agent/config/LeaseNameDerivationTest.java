package io.leadergate.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LeaseNameDerivationTest {

    @ParameterizedTest
    @CsvSource({
        "my-app-7d4b9c8f5-x2k4q, my-app-leader", // Deployment, 9-char hash
        "billing-api-5d9c7b8f6d-bz2vn, billing-api-leader", // 10-char hash
        "web-6b4f8c-q7x9m, web-leader", // 6-char hash
        "web-0, web-leader", // StatefulSet
        "kafka-consumer-12, kafka-consumer-leader",
        "a.b-3, a.b-leader",
    })
    void derivesFromDeploymentAndStatefulSetPodNames(String pod, String lease) {
        assertEquals(Optional.of(lease), PodNames.leaseNameFor(pod));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "my-app", // bare name
                "my-app-7d4b9c8f5-xaeio", // vowels are not in the safe alphabet
                "my-app-7d4b9-x2k4q", // hash too short
                "my-app-7d4b9c8f5bb-x2k4q", // hash too long
                "my-app-7d4b9c8f5-x2k4", // suffix too short
                "my-app-7d4b9c8f5-X2K4Q", // uppercase
                "web-01", // leading zero is no ordinal
                "laptop.local",
                "-0",
                "Web-0", // would give an invalid Lease name
            })
    void otherShapesDeriveNothing(String pod) {
        assertEquals(Optional.empty(), PodNames.leaseNameFor(pod), pod);
    }

    @Test
    void derivedNameIsLoggedAsAnOriginAndUsed() {
        ConfigFixture fixture =
                new ConfigFixture()
                        .env("POD_NAME", "my-app-7d4b9c8f5-x2k4q")
                        .env("HOSTNAME", "web-0");
        ElectionResolution resolution = fixture.load().resolveElection();
        assertEquals("my-app-leader", resolution.settings().orElseThrow().leaseName());
        assertTrue(
                resolution
                        .origins()
                        .contains(
                                "lease name derived from pod name my-app-7d4b9c8f5-x2k4q (POD_NAME)"),
                resolution.origins().toString());
    }

    @Test
    void podNameFallsBackToHostnameThenTheHostName() {
        ConfigFixture hostnameEnv = new ConfigFixture().env("HOSTNAME", "web-2");
        assertEquals(
                "web-leader",
                hostnameEnv.load().resolveElection().settings().orElseThrow().leaseName());

        ConfigFixture hostOnly = new ConfigFixture();
        hostOnly.host.hostName("worker-1");
        assertEquals(
                "worker-leader",
                hostOnly.load().resolveElection().settings().orElseThrow().leaseName());
    }

    @Test
    void explicitLeaseNameWinsAndNeedsNoPodName() {
        ConfigFixture fixture =
                new ConfigFixture().env("LEADERGATE_LEASE_NAME", "jobs").env("POD_NAME", "web-0");
        ElectionResolution resolution = fixture.load().resolveElection();
        assertEquals("jobs", resolution.settings().orElseThrow().leaseName());
        assertTrue(
                resolution
                        .origins()
                        .contains("lease name set by environment variable LEADERGATE_LEASE_NAME"));
    }

    @Test
    void nonMatchingPodNameMeansNoElectionAndAnErrorNamingTheKey() {
        ConfigFixture fixture = new ConfigFixture().env("POD_NAME", "my-laptop");
        ElectionResolution resolution = fixture.load().resolveElection();
        assertFalse(resolution.elects());
        String reason = resolution.reason().orElseThrow();
        assertTrue(
                reason.startsWith(
                        "lease name not set, and pod name my-laptop (from POD_NAME) is not shaped like a "
                                + "Deployment pod"),
                reason);
        assertTrue(
                reason.contains("set LEADERGATE_LEASE_NAME (or -Dleadergate.lease.name)"), reason);
    }

    @Test
    void noPodNameAtAllIsExplained() {
        ElectionResolution resolution = new ConfigFixture().load().resolveElection();
        assertTrue(
                resolution
                        .reason()
                        .orElseThrow()
                        .contains(
                                "there is no pod name to derive one from "
                                        + "(POD_NAME, HOSTNAME and the host name are all unavailable)"));
    }
}
