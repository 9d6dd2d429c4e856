package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which classes and loaders the Quartz instrumentation considers, decided on class files as in
 * production (a type pool: nothing here is loaded).
 */
class QuartzJobMatchersTest {

    private static final String PKG = "io.leadergate.agent.instrument.fixtures.quartz.";

    @Test
    void everyConcreteOrAbstractJobClassOutsideQuartzMatches() {
        QuartzJobInstrumentation types = new QuartzJobInstrumentation(null);
        assertTrue(types.matchesType(describe(PKG + "CountingJob")));
        assertTrue(
                types.matchesType(describe(PKG + "TemplateJob")),
                "an abstract base class may declare the body");
        assertTrue(types.matchesType(describe(PKG + "InheritingJob")));
        assertTrue(types.matchesType(describe(PKG + "narrow.ReportJob")));
        assertFalse(types.matchesType(describe(PKG + "NotAJob")));
        assertFalse(
                types.matchesType(describe("org.quartz.InterruptableJob")),
                "interfaces have no body");
        assertFalse(
                types.matchesType(describe("org.quartz.plugins.xml.FileScanJob")),
                "Quartz's own jobs maintain each replica's scheduler and are never gated");
    }

    @Test
    void patternsNarrowJobClassesByName() {
        QuartzJobInstrumentation onePackage =
                new QuartzJobInstrumentation(List.of(PKG + "narrow.*"));
        assertTrue(onePackage.matchesType(describe(PKG + "narrow.ReportJob")));
        assertFalse(onePackage.matchesType(describe(PKG + "CountingJob")));

        QuartzJobInstrumentation below =
                new QuartzJobInstrumentation(
                        List.of("io.leadergate.agent.instrument.fixtures.**", "com.acme.PurgeJob"));
        assertTrue(below.matchesType(describe(PKG + "narrow.ReportJob")));
        assertTrue(below.matchesType(describe(PKG + "CountingJob")));
        assertFalse(
                below.matchesType(describe(PKG + "NotAJob")),
                "a pattern selects among jobs, it never adds non-jobs");
    }

    @Test
    void aMalformedPatternIsReportedAndTheOthersStillNarrow() {
        try (LogCapture log = new LogCapture()) {
            QuartzJobInstrumentation types =
                    new QuartzJobInstrumentation(List.of("com.acme/jobs.*", PKG + "narrow.*"));
            assertTrue(types.matchesType(describe(PKG + "narrow.ReportJob")));
            assertFalse(types.matchesType(describe(PKG + "CountingJob")));
            List<String> errors = log.linesContaining("ERROR");
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(
                    errors.get(0)
                            .contains("leadergate.gate.quartz.jobs: pattern 'com.acme/jobs.*'"),
                    errors.get(0));
        }
    }

    @Test
    void withNoWellFormedPatternEveryJobIsGatedAndTheLogSaysSo() {
        try (LogCapture log = new LogCapture()) {
            QuartzJobInstrumentation types = new QuartzJobInstrumentation(List.of("com..acme"));
            assertTrue(types.matchesType(describe(PKG + "CountingJob")));
            assertEquals(1, log.linesContaining("no well-formed pattern").size());
        }
    }

    @Test
    void onlyLoadersThatCanSeeQuartzAreConsidered() throws Exception {
        QuartzJobInstrumentation loaders = new QuartzJobInstrumentation(null);
        assertTrue(loaders.appliesTo(QuartzJobMatchersTest.class.getClassLoader()));
        try (URLClassLoader withoutQuartz = new URLClassLoader(new URL[0], null)) {
            assertFalse(loaders.appliesTo(withoutQuartz));
            assertFalse(loaders.appliesTo(withoutQuartz), "the cached answer is the same");
        }
        assertFalse(loaders.appliesTo(null), "the bootstrap loader is never instrumented");
    }

    private static ClassFacts describe(String name) {
        return ClassFactsOf.type(name);
    }
}
