package io.leadergate.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.log.AgentLog;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code leadergate.lease.<group>.name}: each form of the key, and every way it can be wrong, with
 * the group's Lease it leaves.
 */
class LeaseNameOverrideTest {

    private static final String METHODS = "LEADERGATE_GATE_METHODS";

    private static ConfigFixture twoGroups() {
        return new ConfigFixture()
                .env("LEADERGATE_LEASE_NAME", "app-leader")
                .env(METHODS, "billing=com.acme.B#run;billing-eu=com.acme.E#run;com.acme.D#run");
    }

    @Test
    void everyFormOfTheKeyGivesItsGroupThatLeaseInTheUsualPrecedence() {
        AgentConfig env = twoGroups().env("LEADERGATE_LEASE_BILLING_EU_NAME", "invoices-eu").load();
        assertEquals(List.of(), env.problems());
        assertEquals("invoices-eu", env.leaseNames().leaseOf("app-leader", "billing-eu"));
        assertEquals("app-leader-billing", env.leaseNames().leaseOf("app-leader", "billing"));
        assertEquals("app-leader", env.leaseNames().leaseOf("app-leader", WorkGroups.DEFAULT));

        AgentConfig all =
                twoGroups()
                        .env("LEADERGATE_LEASE_BILLING_NAME", "from-env")
                        .property("leadergate.lease.billing.name", "from-property")
                        .args("lease.billing.name=from-argument")
                        .load();
        assertEquals(List.of(), all.problems());
        assertEquals(Optional.of("from-argument"), all.leaseNames().overrideOf("billing"));
        AgentConfig property =
                twoGroups()
                        .env("LEADERGATE_LEASE_BILLING_NAME", "from-env")
                        .property("leadergate.lease.billing.name", "from-property")
                        .load();
        assertEquals(Optional.of("from-property"), property.leaseNames().overrideOf("billing"));
    }

    @Test
    void anInvalidLeaseNameKeepsItsGroupOffAndOnlyIt() {
        AgentConfig config = twoGroups().env("LEADERGATE_LEASE_BILLING_NAME", "Bad_Name").load();
        String error = ConfigFixture.onlyError(config);
        assertTrue(
                error.startsWith(
                        "environment variable LEADERGATE_LEASE_BILLING_NAME=\"Bad_Name\": "),
                error);
        assertTrue(error.contains("Group billing is not elected"), error);
        IllegalArgumentException off =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> config.leaseNames().leaseOf("app-leader", "billing"));
        assertTrue(off.getMessage().contains("LEADERGATE_LEASE_BILLING_NAME"), off.getMessage());
        assertEquals(
                "app-leader-billing-eu", config.leaseNames().leaseOf("app-leader", "billing-eu"));
        assertTrue(config.resolveElection().settings().isPresent(), "the other groups elect");
    }

    @Test
    void twoGroupsOnOneLeaseAreAnErrorNamingBothAndNeitherElects() {
        AgentConfig config =
                twoGroups()
                        .env("LEADERGATE_LEASE_BILLING_NAME", "shared")
                        .property("leadergate.lease.billing-eu.name", "shared")
                        .load();
        String error = ConfigFixture.onlyError(config);
        // Named in the order they were read: system properties before environment variables.
        assertTrue(
                error.contains("groups billing-eu and billing are both given Lease shared"), error);
        assertTrue(error.contains("system property leadergate.lease.billing-eu.name"), error);
        assertTrue(error.contains("environment variable LEADERGATE_LEASE_BILLING_NAME"), error);
        for (String group : List.of("billing", "billing-eu")) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> config.leaseNames().leaseOf("app-leader", group));
        }
    }

    @Test
    void anOverrideOnAnotherGroupsDerivedLeaseIsRefusedAndTheOtherKeepsIt() {
        AgentConfig onDefault =
                twoGroups().env("LEADERGATE_LEASE_BILLING_NAME", "app-leader").load();
        String error = ConfigFixture.onlyError(onDefault);
        assertTrue(error.contains("which is the Lease of group default"), error);
        assertEquals(
                "app-leader", onDefault.leaseNames().leaseOf("app-leader", WorkGroups.DEFAULT));

        AgentConfig onSibling =
                twoGroups().env("LEADERGATE_LEASE_BILLING_NAME", "app-leader-billing-eu").load();
        assertTrue(
                ConfigFixture.onlyError(onSibling)
                        .contains("which is the Lease of group billing-eu"),
                onSibling.problems().toString());
        assertEquals(
                "app-leader-billing-eu",
                onSibling.leaseNames().leaseOf("app-leader", "billing-eu"));
    }

    @Test
    void aCollisionWithADerivedBaseIsFoundWhenTheElectionIsResolved() {
        ConfigFixture fixture =
                new ConfigFixture()
                        .env(METHODS, "billing=com.acme.B#run")
                        .env("LEADERGATE_LEASE_BILLING_NAME", "shop-leader");
        fixture.env("POD_NAME", "shop-7d4b9c8f6d-x2x7q");
        AgentConfig config = fixture.load();
        assertEquals(List.of(), config.problems(), "the base is not known at load");
        assertEquals("shop-leader", config.resolveElection().settings().get().leaseName());
        assertThrows(
                IllegalArgumentException.class,
                () -> config.leaseNames().leaseOf("shop-leader", "billing"));
    }

    @Test
    void aGroupFoundOnlyByWeavingThatTakesATakenLeaseIsRefusedWhenItAsks() {
        // Neither audit nor reports is declared by a selection: both are found by weaving.
        AgentConfig config =
                twoGroups().env("LEADERGATE_LEASE_AUDIT_NAME", "app-leader-reports").load();
        assertEquals("app-leader-reports", config.leaseNames().leaseOf("app-leader", "reports"));
        IllegalArgumentException taken =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> config.leaseNames().leaseOf("app-leader", "audit"));
        assertTrue(
                taken.getMessage().contains("is already the Lease of group reports"),
                taken.getMessage());
        assertTrue(taken.getMessage().contains("LEADERGATE_LEASE_AUDIT_NAME"), taken.getMessage());
        assertEquals(
                "app-leader-reports",
                config.leaseNames().leaseOf("app-leader", "reports"),
                "asking again is fine");
    }

    @Test
    void anOverrideNoSelectionDeclaresWarnsWithTheNearestGroupAndStillApplies() {
        AgentConfig typo = twoGroups().env("LEADERGATE_LEASE_BILING_NAME", "invoices").load();
        List<String> warnings = ConfigFixture.messages(typo, AgentLog.Level.WARN);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(
                warnings.get(0).contains("declares group biling; did you mean billing?"),
                warnings.get(0));
        assertEquals(Optional.of("invoices"), typo.leaseNames().overrideOf("biling"));

        AgentConfig annotated =
                twoGroups().property("leadergate.lease.audit.name", "audit-log").load();
        String warning = ConfigFixture.messages(annotated, AgentLog.Level.WARN).get(0);
        assertTrue(warning.contains("It applies if @LeaderOnly(\"audit\") work is found"), warning);
        assertTrue(!warning.contains("did you mean"), warning);
        assertEquals("audit-log", annotated.leaseNames().leaseOf("app-leader", "audit"));
    }

    @Test
    void aBadGroupOrTheDefaultGroupInTheKeyIsAnErrorAndIgnored() {
        AgentConfig bad = twoGroups().property("leadergate.lease.Billing_Jobs.name", "x").load();
        String error = ConfigFixture.onlyError(bad);
        assertTrue(error.contains("did you mean 'billing-jobs'?"), error);

        AgentConfig dflt = twoGroups().env("LEADERGATE_LEASE_DEFAULT_NAME", "other").load();
        assertTrue(
                ConfigFixture.onlyError(dflt).contains("set that instead"),
                dflt.problems().toString());
        assertEquals("app-leader", dflt.leaseNames().leaseOf("app-leader", WorkGroups.DEFAULT));
    }

    @Test
    void theKeysOwnNeighboursAreStillKeys() {
        AgentConfig config =
                new ConfigFixture()
                        .env("LEADERGATE_LEASE_NAME", "app-leader")
                        .env("LEADERGATE_LEASE_NAMESPACE", "shop")
                        .property("leadergate.lease.nmae", "x")
                        .load();
        assertEquals(
                List.of(
                        "unknown system property leadergate.lease.nmae; did you mean leadergate.lease.name?"),
                ConfigFixture.messages(config, AgentLog.Level.WARN));
        assertEquals("shop", config.get(ConfigKeys.LEASE_NAMESPACE));
    }
}
