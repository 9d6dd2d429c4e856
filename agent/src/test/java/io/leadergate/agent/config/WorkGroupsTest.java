package io.leadergate.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The group syntax of the pattern-list keys, group names and the Leases they get. */
class WorkGroupsTest {

    @Test
    void todaysFormsStayInTheDefaultGroup() {
        List<String> entries = ValueTypes.ENTRY_LIST.parse(" com.acme.A#run , com.acme.B#x ");
        assertEquals(List.of("com.acme.A#run", "com.acme.B#x"), entries);
        assertEquals(WorkGroups.DEFAULT, WorkGroups.entry(entries.get(0)).group);
        assertEquals("com.acme.A#run,com.acme.B#x", ValueTypes.ENTRY_LIST.format(entries));
    }

    @Test
    void aSegmentsGroupCarriesOntoEachOfItsEntries() {
        List<String> entries =
                ValueTypes.ENTRY_LIST.parse(
                        "billing=com.acme.billing.*#run*,com.acme.Invoices#send;"
                                + "reports=com.acme.Reports#nightly; com.acme.Cache#warm");
        assertEquals(
                List.of(
                        "billing=com.acme.billing.*#run*",
                        "billing=com.acme.Invoices#send",
                        "reports=com.acme.Reports#nightly",
                        "com.acme.Cache#warm"),
                entries);
        WorkGroups.Entry invoices = WorkGroups.entry(entries.get(1));
        assertEquals("billing", invoices.group);
        assertEquals("com.acme.Invoices#send", invoices.pattern);
        assertEquals(WorkGroups.DEFAULT, WorkGroups.entry(entries.get(3)).group);
        assertEquals(
                entries,
                ValueTypes.ENTRY_LIST.parse(ValueTypes.ENTRY_LIST.format(entries)),
                "the formatted value reads back the same");
    }

    @Test
    void defaultNamesTheDefaultGroup() {
        assertEquals(WorkGroups.DEFAULT, WorkGroups.entry("default=com.acme.A#run").group);
        assertEquals("default", WorkGroups.shown(WorkGroups.DEFAULT));
    }

    @Test
    void aBadGroupNameIsRefusedWithTheNameItWasMeantToBe() {
        IllegalArgumentException upper =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> WorkGroups.entry("Billing_Jobs=com.acme.A#run"));
        assertTrue(upper.getMessage().contains("'Billing_Jobs'"), upper.getMessage());
        assertTrue(upper.getMessage().contains("did you mean 'billing-jobs'?"), upper.getMessage());

        IllegalArgumentException noPattern =
                assertThrows(IllegalArgumentException.class, () -> WorkGroups.entry("billing="));
        assertTrue(noPattern.getMessage().contains("no pattern"), noPattern.getMessage());
    }

    @Test
    void eachGroupHasItsOwnLease() {
        assertEquals("app-leader", WorkGroups.leaseName("app-leader", WorkGroups.DEFAULT));
        assertEquals("app-leader-billing", WorkGroups.leaseName("app-leader", "billing"));
        String longBase = "a".repeat(250);
        IllegalArgumentException tooLong =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> WorkGroups.leaseName(longBase, "billing"));
        assertTrue(tooLong.getMessage().contains("group 'billing'"), tooLong.getMessage());
    }
}
