package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

class GatedMethodsTest {

    static class Sample {
        void purge(String reason, int[] ids) {}

        void tick() {}
    }

    @Test
    void describesMethodsInTheFormGateAndLogsUse() {
        TypeDescription type = TypeDescription.ForLoadedType.of(Sample.class);
        MethodDescription purge =
                type.getDeclaredMethods().filter(m -> m.getName().equals("purge")).getOnly();

        assertEquals(
                Sample.class.getName() + "#purge(java.lang.String,int[])",
                GatedMethods.describe(type, purge));
    }

    @Test
    void summaryCountsMethodsAndClassesAndCutsLongLists() {
        GatedMethods gated = new GatedMethods();
        TypeDescription type = TypeDescription.ForLoadedType.of(Sample.class);
        assertEquals("gating 0 methods in 0 classes (no gated class loaded yet)", gated.summary(1));

        for (MethodDescription method : type.getDeclaredMethods().filter(m -> m.isMethod())) {
            gated.register(type, method);
        }
        gated.register(
                type, type.getDeclaredMethods().filter(m -> m.getName().equals("tick")).getOnly());

        assertEquals(
                "gating 2 methods in 1 class: "
                        + Sample.class.getName()
                        + "#purge(java.lang.String,int[]), ... (1 more; /leader on the health port lists them all)",
                gated.summary(1));
    }
}
