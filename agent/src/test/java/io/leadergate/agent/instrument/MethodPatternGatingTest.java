package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.instrument.fixtures.patterns.Reports;
import io.leadergate.agent.instrument.fixtures.patterns.deeper.NightlyJob;
import io.leadergate.agent.log.AgentLog;
import io.leadergate.bootstrap.Gate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code leadergate.gate.methods} through the production agent builder, in this JVM. */
class MethodPatternGatingTest {

    private static final String PKG = "io.leadergate.agent.instrument.fixtures.patterns";
    private static final GatedMethods GATED = new GatedMethods();
    private static MethodPatternInstrumentation patterns;

    @BeforeAll
    static void installAgent() {
        List<String> entries =
                List.of(
                        PKG + ".Reports#nightly",
                        PKG + ".Reports#count",
                        PKG + ".Reports#find",
                        PKG + ".Reports#warm(java.lang.String)",
                        PKG + ".**#runNow",
                        PKG + ".Reports#typo",
                        PKG + ".*#nothingLike*");
        patterns =
                new MethodPatternInstrumentation(
                        ConfiguredPatterns.parse(
                                MethodPatternInstrumentation.KEY, entries, MethodPattern::parse));
        CandidateTransformer.install(
                ByteBuddyAgent.install(),
                ClassFileCandidates.of(false, false, entries, null),
                List.of(patterns),
                GATED);
    }

    @AfterEach
    void closeGate() {
        Gate.revoke();
    }

    @Test
    void followerSkipsMatchedMethodsAndReturnsDefaults() {
        Gate.revoke();
        Reports reports = new Reports();
        reports.nightly();
        assertEquals(0, reports.count());
        assertEquals(Optional.empty(), reports.find());
        reports.warm("key");
        assertNull(reports.warmedWith);
        assertEquals(0, reports.bodies, "no matched body may run on a follower");

        reports.warm(3);
        assertEquals(
                "int 3",
                reports.warmedWith,
                "the overload the pattern's parameter list excludes is not gated");
        assertEquals("free", reports.free());

        NightlyJob job = new NightlyJob();
        job.runNow();
        job.runLater();
        assertEquals(1, job.bodies, "runNow is matched through '**', runLater by no pattern");
    }

    @Test
    void leaderRunsMatchedMethods() {
        Gate.grantUntil(System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        Reports reports = new Reports();
        reports.nightly();
        assertEquals(42, reports.count());
        assertEquals(Optional.of("found"), reports.find());
        reports.warm("key");
        assertEquals("key", reports.warmedWith);
        assertEquals(4, reports.bodies);
        NightlyJob job = new NightlyJob();
        job.runNow();
        assertEquals(1, job.bodies);
    }

    @Test
    void matchedMethodsAreListedForTheSummaryWithCounters() {
        new Reports().nightly(); // classes load lazily: load both fixtures, so both are woven
        new NightlyJob().runNow();
        List<String> methods = GATED.methods();
        assertTrue(methods.contains(PKG + ".Reports#warm(java.lang.String)"), methods.toString());
        assertTrue(methods.contains(PKG + ".deeper.NightlyJob#runNow()"), methods.toString());
        assertTrue(!methods.contains(PKG + ".Reports#warm(int)"), methods.toString());
        int id = Gate.register(PKG + ".Reports#nightly()");
        long skipped = Gate.skipped(id);
        Gate.revoke();
        new Reports().nightly();
        assertEquals(skipped + 1, Gate.skipped(id));
    }

    @Test
    void unmatchedPatternsAreReportedOnceWarningOnlyForExactNames() {
        new Reports().nightly(); // make sure the fixtures are loaded, hence woven
        new NightlyJob().runNow();
        AgentLog.Level level = AgentLog.level();
        AgentLog.setLevel(AgentLog.Level.DEBUG);
        try (LogCapture log = new LogCapture()) {
            assertEquals(
                    List.of(PKG + ".Reports#typo", PKG + ".*#nothingLike*"),
                    patterns.reportUnmatched());
            List<String> typo = log.linesContaining("'" + PKG + ".Reports#typo'");
            assertEquals(1, typo.size(), typo.toString());
            assertTrue(typo.get(0).contains("WARN"), typo.get(0));
            List<String> wildcard = log.linesContaining("nothingLike*");
            assertEquals(1, wildcard.size(), wildcard.toString());
            assertTrue(wildcard.get(0).contains("DEBUG"), wildcard.get(0));

            patterns.reportUnmatched();
            assertEquals(
                    1,
                    log.linesContaining("'" + PKG + ".Reports#typo'").size(),
                    "a warning is logged once");
        } finally {
            AgentLog.setLevel(level);
        }
    }

    @Test
    void aMalformedPatternIsReportedAndTheOthersStillApply() {
        try (LogCapture log = new LogCapture()) {
            List<GatingInstrumentation> active =
                    MethodPatternInstrumentation.fromConfig(
                            List.of("com.acme.Reports", PKG + ".Reports#nightly"));
            assertEquals(1, active.size());
            List<String> errors = log.linesContaining("ERROR");
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(
                    errors.get(0)
                            .contains(
                                    "leadergate.gate.methods: pattern 'com.acme.Reports' needs exactly one '#'"),
                    errors.get(0));
            assertTrue(
                    errors.get(0).contains("the other patterns and settings still apply"),
                    errors.get(0));
        }
        try (LogCapture quiet = new LogCapture()) {
            assertTrue(MethodPatternInstrumentation.fromConfig(List.of("bad")).isEmpty());
        }
    }
}
