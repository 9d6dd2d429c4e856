package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.LeaderOnly;
import io.leadergate.agent.config.ValueTypes;
import io.leadergate.agent.config.WorkGroups;
import io.leadergate.bootstrap.Gate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which group's Lease gates a piece of work: the annotation's value (method over type), the first
 * pattern that selects it, and the registry's group indexes.
 */
class GroupChoiceTest {

    @LeaderOnly("billing")
    static class Billing {
        void charge() {}

        @LeaderOnly("audit")
        void audit() {}

        @LeaderOnly
        void plain() {}
    }

    static class Untyped {
        @LeaderOnly
        void run() {}
    }

    private static String groupOf(Class<?> type, String name) {
        return new LeaderOnlyInstrumentation()
                .groupOf(ClassFactsOf.method(ClassFactsOf.type(type), name));
    }

    @Test
    void theMethodsValueWinsOverTheTypesAndNoValueIsTheDefaultGroup() {
        assertEquals("billing", groupOf(Billing.class, "charge"));
        assertEquals("audit", groupOf(Billing.class, "audit"));
        assertEquals("billing", groupOf(Billing.class, "plain"), "no value: the type's group");
        assertEquals(WorkGroups.DEFAULT, groupOf(Untyped.class, "run"));
    }

    @Test
    void theFirstPatternThatSelectsTheWorkWins() {
        List<ConfiguredPatterns.Grouped<ClassNamePattern>> patterns =
                ConfiguredPatterns.parse(
                        "leadergate.gate.executors",
                        ValueTypes.ENTRY_LIST.parse(
                                "billing=com.acme.billing.*;reports=com.acme.**;com.other.*"),
                        ClassNamePattern::parse);
        assertEquals(
                "billing",
                ConfiguredPatterns.groupOf(
                        "k", patterns, p -> p.matches("com.acme.billing.Run"), "Run"));
        assertEquals(
                "reports",
                ConfiguredPatterns.groupOf("k", patterns, p -> p.matches("com.acme.Rep"), "Rep"));
        assertEquals(
                WorkGroups.DEFAULT,
                ConfiguredPatterns.groupOf("k", patterns, p -> p.matches("com.other.X"), "X"));
    }

    @Test
    void aPatternClaimedByTwoGroupsStaysWithTheFirstAndABadGroupCostsOnlyItsEntry() {
        List<ConfiguredPatterns.Grouped<ClassNamePattern>> patterns =
                ConfiguredPatterns.parse(
                        "leadergate.gate.executors",
                        ValueTypes.ENTRY_LIST.parse(
                                "billing=com.acme.Jobs;reports=com.acme.Jobs;Bad Name=com.x.Y;"
                                        + "ok=com.ok.Z"),
                        ClassNamePattern::parse);
        assertEquals("[billing=com.acme.Jobs, ok=com.ok.Z]", patterns.toString());
    }

    /** Stands in for a Spring bean: only its declaring class matters for its group. */
    static class BillingJobs {
        void nightly() {}
    }

    static class ReportJobs extends BillingJobs {
        void weekly() {}
    }

    private static ClassFacts.Method scheduled(Class<?> type, String name) {
        return ClassFactsOf.method(ClassFactsOf.type(type), name);
    }

    @Test
    void springScheduledMethodsAreGroupedByTheClassThatDeclaresThem() {
        String prefix = GroupChoiceTest.class.getName() + "$";
        SpringScheduledInstrumentation grouped =
                new SpringScheduledInstrumentation(
                        ValueTypes.ENTRY_LIST.parse(
                                "billing=" + prefix + "BillingJobs;reports=" + prefix + "Report*"));
        assertEquals("reports", grouped.groupOf(scheduled(ReportJobs.class, "weekly")));
        assertEquals(
                "billing",
                grouped.groupOf(scheduled(BillingJobs.class, "nightly")),
                "an inherited method: the class that declares it");
        assertEquals(
                WorkGroups.DEFAULT,
                grouped.groupOf(scheduled(Untyped.class, "run")),
                "no entry matches: the default group");
        SpringScheduledInstrumentation plain = new SpringScheduledInstrumentation(null);
        assertEquals(WorkGroups.DEFAULT, plain.groupOf(scheduled(ReportJobs.class, "weekly")));
    }

    @Test
    void aMalformedSpringGroupEntryCostsOnlyItself() {
        try (LogCapture log = new LogCapture()) {
            String prefix = GroupChoiceTest.class.getName() + "$";
            SpringScheduledInstrumentation grouped =
                    new SpringScheduledInstrumentation(
                            ValueTypes.ENTRY_LIST.parse(
                                    "Bad_Group="
                                            + prefix
                                            + "ReportJobs;billing="
                                            + prefix
                                            + "Report*"));
            assertEquals("billing", grouped.groupOf(scheduled(ReportJobs.class, "weekly")));
            List<String> lines =
                    log.linesContaining(
                            "leadergate.gate.spring.scheduled.groups: pattern 'Bad_Group=");
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("did you mean 'bad-group'?"), lines.get(0));
        }
    }

    @Test
    void aPatternClaimedByTwoGroupsIsOneWarningNamingBoth() {
        try (LogCapture log = new LogCapture()) {
            List<ConfiguredPatterns.Grouped<ClassNamePattern>> patterns =
                    ConfiguredPatterns.parse(
                            "leadergate.gate.executors",
                            ValueTypes.ENTRY_LIST.parse(
                                    "audit=com.acme.Twice;reports=com.acme.Twice;"
                                            + "billing=com.acme.Twice"),
                            ClassNamePattern::parse);
            assertEquals("[audit=com.acme.Twice]", patterns.toString(), "the first wins");
            List<String> lines = log.linesContaining("pattern 'com.acme.Twice' is claimed by");
            assertEquals(1, lines.size(), "one warning for the pattern: " + lines);
            assertTrue(
                    lines.get(0).contains("claimed by group audit and by group reports")
                            && lines.get(0).contains("it stays in audit"),
                    lines.get(0));
        }
    }

    @Test
    void aGroupNamedInTwoSegmentsIsOneGroupOnOneLease() {
        try (LogCapture log = new LogCapture()) {
            List<ConfiguredPatterns.Grouped<ClassNamePattern>> patterns =
                    ConfiguredPatterns.parse(
                            "leadergate.gate.executors",
                            ValueTypes.ENTRY_LIST.parse(
                                    "ledger=com.acme.A;other=com.acme.B;ledger=com.acme.C"),
                            ClassNamePattern::parse);
            assertEquals(
                    "[ledger=com.acme.A, other=com.acme.B, ledger=com.acme.C]",
                    patterns.toString());
            assertEquals(List.of(), log.linesContaining("ledger"), "a repeated name is no mistake");
        }
        GatedMethods gated = new GatedMethods();
        int a = gated.registerTask("com.acme.A", "GroupChoiceTest ledger A", "ledger");
        int c = gated.registerTask("com.acme.C", "GroupChoiceTest ledger C", "ledger");
        assertEquals(a >>> Gate.GROUP_SHIFT, c >>> Gate.GROUP_SHIFT, "one gate, one Lease");
    }

    @Test
    void groupsGetGateIndexesInTheOrderTheirWorkAppearsAndAreAnnouncedOnce() {
        GatedMethods gated = new GatedMethods();
        List<String> announced = new java.util.concurrent.CopyOnWriteArrayList<>();
        gated.whenGroupGated(announced::add);
        int billing = gated.registerTask("com.acme.A", "GroupChoiceTest A", "billing");
        int again = gated.registerTask("com.acme.B", "GroupChoiceTest B", "billing");
        int plain = gated.registerTask("com.acme.C", "GroupChoiceTest C", WorkGroups.DEFAULT);
        int bad = gated.registerTask("com.acme.D", "GroupChoiceTest D", "Not A Label");

        assertEquals(1, billing >>> Gate.GROUP_SHIFT);
        assertEquals(1, again >>> Gate.GROUP_SHIFT);
        assertEquals(0, plain >>> Gate.GROUP_SHIFT);
        assertEquals(Gate.NEVER_OPEN, bad >>> Gate.GROUP_SHIFT, "an invalid group never opens");
        assertEquals(List.of("billing", WorkGroups.DEFAULT), announced);
        assertEquals(1, gated.indexOf("billing"));
        assertEquals(-1, gated.indexOf("reports"));

        List<String> late = new java.util.ArrayList<>();
        gated.whenGroupGated(late::add);
        assertEquals(List.of("billing", WorkGroups.DEFAULT), late, "a late listener hears all");
    }
}
