package io.leadergate.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubernetesNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"my-app-leader", "a", "0", "app.leader", "a-b.c-d.e", "x1-2y"})
    void validLeaseNames(String name) {
        assertFalse(KubernetesNames.subdomainProblem(name).isPresent(), name);
    }

    @Test
    void leaseNameLengthLimitIs253() {
        assertFalse(KubernetesNames.subdomainProblem("a".repeat(253)).isPresent());
        assertEquals(
                "is 254 characters long; expected an RFC 1123 subdomain of at most 253",
                KubernetesNames.subdomainProblem("a".repeat(254)).orElseThrow());
    }

    @Test
    void invalidLeaseNamesSayWhatIsWrong() {
        assertTrue(
                KubernetesNames.subdomainProblem("My-App")
                        .orElseThrow()
                        .startsWith("contains uppercase 'M'"));
        assertTrue(
                KubernetesNames.subdomainProblem("my_app")
                        .orElseThrow()
                        .startsWith("contains '_' at position 3"));
        assertTrue(
                KubernetesNames.subdomainProblem("-app")
                        .orElseThrow()
                        .startsWith("must start and end"));
        assertTrue(
                KubernetesNames.subdomainProblem("app-")
                        .orElseThrow()
                        .startsWith("must start and end"));
        assertTrue(
                KubernetesNames.subdomainProblem("a..b")
                        .orElseThrow()
                        .startsWith("must start and end"));
        assertTrue(
                KubernetesNames.subdomainProblem("a.-b")
                        .orElseThrow()
                        .startsWith("must start and end"));
        assertTrue(
                KubernetesNames.subdomainProblem("").orElseThrow().startsWith("must not be empty"));
        assertTrue(
                KubernetesNames.subdomainProblem("a\tb")
                        .orElseThrow()
                        .startsWith("contains '\\u0009'"));
    }

    @Test
    void namespacesAreLabels() {
        assertFalse(KubernetesNames.labelProblem("team-a").isPresent());
        assertFalse(KubernetesNames.labelProblem("a".repeat(63)).isPresent());
        assertTrue(
                KubernetesNames.labelProblem("a".repeat(64))
                        .orElseThrow()
                        .startsWith("is 64 characters long"));
        assertTrue(
                KubernetesNames.labelProblem("team.a")
                        .orElseThrow()
                        .startsWith("contains '.' at position 5"));
        assertTrue(
                KubernetesNames.labelProblem("Team")
                        .orElseThrow()
                        .startsWith("contains uppercase 'T'"));
        assertTrue(KubernetesNames.labelProblem("team_a").orElseThrow().startsWith("contains '_'"));
        assertTrue(
                KubernetesNames.labelProblem("-team")
                        .orElseThrow()
                        .startsWith("must start and end"));
    }

    @Test
    void invalidNamesInConfigStopTheElectionWithKeySourceValueAndExpectation() {
        AgentConfig config =
                new ConfigFixture()
                        .env("LEADERGATE_LEASE_NAME", "My_Lease")
                        .property("leadergate.lease.namespace", "team.a")
                        .load();
        assertEquals(2, config.problems().size());
        assertEquals(
                "system property leadergate.lease.namespace=\"team.a\": contains '.' at position 5; expected an "
                        + "RFC 1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, no "
                        + "dots. Not electing: leader-only work stays off on this replica",
                config.problems().get(1).message());
        assertTrue(
                config.problems()
                        .get(0)
                        .message()
                        .startsWith(
                                "environment variable LEADERGATE_LEASE_NAME=\"My_Lease\": contains uppercase 'M'"));
        assertFalse(config.resolveElection().elects());
    }
}
