package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GatedMethodsTest {

    static class Sample {
        void purge(String reason, int[] ids) {}

        void tick() {}
    }

    @Test
    void describesMethodsInTheFormGateAndLogsUse() {
        ClassFacts type = ClassFactsOf.type(Sample.class);

        assertEquals(
                Sample.class.getName() + "#purge(java.lang.String,int[])",
                GatedMethods.describe(ClassFactsOf.method(type, "purge")));
    }

    @Test
    void summaryCountsMethodsAndClassesAndCutsLongLists() {
        GatedMethods gated = new GatedMethods();
        ClassFacts type = ClassFactsOf.type(Sample.class);
        assertEquals("gating 0 methods in 0 classes (no gated class loaded yet)", gated.summary(1));

        for (ClassFacts.Method method : type.methods()) {
            if (method.isMethod()) {
                gated.register(method);
            }
        }
        gated.register(ClassFactsOf.method(type, "tick"));

        assertEquals(
                "gating 2 methods in 1 class: "
                        + Sample.class.getName()
                        + "#purge(java.lang.String,int[]), ... (1 more; /leader on the health port lists them all)",
                gated.summary(1));
    }

    @Test
    void theSummaryIsLoggedAtOnceForTheFirstGatedWorkAndOnlyWhenItGrows() {
        GatedMethods gated = new GatedMethods();
        ClassFacts type = ClassFactsOf.type(Sample.class);
        try (LogCapture log = new LogCapture()) {
            gated.logSummaryIfGrown();
            assertEquals(0, log.linesContaining("gating ").size(), "nothing gated yet");

            gated.register(ClassFactsOf.method(type, "tick"));
            gated.logSummaryIfGrown();
            gated.logSummaryIfGrown();
            gated.register(ClassFactsOf.method(type, "tick"));
            gated.logSummaryIfGrown();

            assertEquals(
                    List.of("gating 1 method in 1 class: " + Sample.class.getName() + "#tick()"),
                    log.linesContaining("gating ").stream()
                            .map(line -> line.substring(line.indexOf("gating ")))
                            .collect(Collectors.toList()));
        }
    }
}
