package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GatedMethodsTest {

    static class Sample {
        void purge(String reason, int[] ids) {}

        void tick() {}
    }

    static class Late {
        void run() {}

        void sweep() {}
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
    void tellsTheClassListenerOfEachNewlyGatedClassOnce() {
        GatedMethods gated = new GatedMethods();
        gated.register(ClassFactsOf.method(ClassFactsOf.type(Sample.class), "tick"));
        java.util.List<String> told = new java.util.ArrayList<>();
        gated.whenClassGated(told::add);

        ClassFacts late = ClassFactsOf.type(Late.class);
        gated.register(ClassFactsOf.method(late, "run"));
        gated.register(ClassFactsOf.method(late, "sweep"));
        gated.register(ClassFactsOf.method(ClassFactsOf.type(Sample.class), "purge"));
        gated.registerTask("com.acme.Tasks", "com.acme.Tasks$Sweep (task)", "default");

        assertEquals(java.util.List.of(Late.class.getName(), "com.acme.Tasks"), told);
    }
}
