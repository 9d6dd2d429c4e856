package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
