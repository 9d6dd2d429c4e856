package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.testapp.tasks.PeriodicWork;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which task classes {@code leadergate.gate.executors} selects, by name. */
class ScheduledTaskClassesTest {

    private static ScheduledTaskClasses of(String... patterns) {
        return new ScheduledTaskClasses(
                ConfiguredPatterns.parse(
                        ScheduledTaskClasses.KEY, List.of(patterns), ClassNamePattern::parse),
                new GatedMethods());
    }

    @Test
    void lambdasAndMethodReferencesMatchByTheirDefiningClassOnEveryJdkNaming() {
        ScheduledTaskClasses exact = of("com.acme.Cleanup");
        assertTrue(
                exact.matches("com.acme.Cleanup$$Lambda/0x000071a3c8003a00"),
                "JDK 21+ hidden class name");
        assertTrue(
                exact.matches("com.acme.Cleanup$$Lambda$14/0x0000000800c03000"),
                "JDK 17 hidden class name");
        assertTrue(
                exact.matches("com.acme.Cleanup$1"),
                "an anonymous class matches by its top-level class");
        assertTrue(exact.matches("com.acme.Cleanup$Nested$$Lambda/0x01"));
        assertFalse(exact.matches("com.acme.CleanupJob"));
        assertFalse(exact.matches("com.acme.other.Cleanup"));
    }

    @Test
    void theRealLambdaOfThisJvmMatchesItsDefiningClass() {
        String hidden = new PeriodicWork().lambda().getClass().getName();
        assertTrue(hidden.contains("$$Lambda"), hidden);
        assertEquals(PeriodicWork.class.getName(), ScheduledTaskClasses.definingClass(hidden));
        assertTrue(of("io.leadergate.testapp.tasks.*").matches(hidden));
        assertFalse(of("io.leadergate.testapp.othertasks.*").matches(hidden));
    }

    @Test
    void singleStarStaysInAPackageAndDoubleStarGoesBelow() {
        ScheduledTaskClasses onePackage = of("com.acme.jobs.*");
        assertTrue(onePackage.matches("com.acme.jobs.Purge"));
        assertFalse(onePackage.matches("com.acme.jobs.nightly.Purge"));
        ScheduledTaskClasses below = of("com.acme.**");
        assertTrue(below.matches("com.acme.jobs.nightly.Purge"));
        assertFalse(below.matches("com.acmeother.Purge"));
    }

    @Test
    void theAgentsOwnClassesAreNeverGatedWhateverThePatterns() {
        ScheduledTaskClasses everything = of("io.**");
        assertFalse(everything.matches("io.leadergate.agent.election.LeaseElector$$Lambda/0x01"));
        assertFalse(
                everything.matches(
                        "io.leadergate.shaded.okhttp3.internal.concurrent.TaskRunner$1"));
        assertFalse(everything.matches("io.leadergate.bootstrap.GatedRunnable"));
        assertTrue(everything.matches("io.leadergate.it.executor.jobs.Report"));
        assertNull(everything.apply("io.leadergate.agent.Anything"));
    }

    @Test
    void eachTaskClassIsItsOwnEntryUnderItsDefiningClass() {
        GatedMethods gated = new GatedMethods();
        ScheduledTaskClasses classes =
                new ScheduledTaskClasses(
                        ConfiguredPatterns.parse(
                                "test", List.of("com.acme.*"), ClassNamePattern::parse),
                        gated);

        // Two lambdas written in one class (Java 21+ hidden class names differ only by address), a
        // Java 17 style lambda name, a method reference's twin, and a named nested task class.
        assertEquals(
                "com.acme.Cleanup lambda 1 (ScheduledExecutorService task)",
                classes.apply("com.acme.Cleanup$$Lambda/0x01"));
        assertEquals(
                "com.acme.Cleanup lambda 2 (ScheduledExecutorService task)",
                classes.apply("com.acme.Cleanup$$Lambda/0x02"));
        assertEquals(
                "com.acme.Cleanup lambda 3 (ScheduledExecutorService task)",
                classes.apply("com.acme.Cleanup$$Lambda$14/0x03"));
        assertEquals(
                "com.acme.Cleanup$Purge (ScheduledExecutorService task)",
                classes.apply("com.acme.Cleanup$Purge"));

        assertEquals(
                List.of(
                        "com.acme.Cleanup lambda 1 (ScheduledExecutorService task)",
                        "com.acme.Cleanup lambda 2 (ScheduledExecutorService task)",
                        "com.acme.Cleanup lambda 3 (ScheduledExecutorService task)"),
                gated.methods().subList(0, 3));
        assertEquals(
                "gating 0 methods and 4 tasks in 2 classes: com.acme.Cleanup lambda 1 (ScheduledExecutorService task), "
                        + "com.acme.Cleanup lambda 2 (ScheduledExecutorService task), com.acme.Cleanup lambda 3 "
                        + "(ScheduledExecutorService task), com.acme.Cleanup$Purge (ScheduledExecutorService task)",
                gated.summary(20));
    }
}
