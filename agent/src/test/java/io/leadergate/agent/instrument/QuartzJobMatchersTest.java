package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/**
 * Which classes and loaders the Quartz instrumentation considers, decided on class files as in
 * production (a type pool: nothing here is loaded).
 */
class QuartzJobMatchersTest {

    private static final String PKG = "io.leadergate.agent.instrument.fixtures.quartz.";
    private static final TypePool POOL =
            TypePool.Default.of(QuartzJobMatchersTest.class.getClassLoader());

    @Test
    void everyConcreteOrAbstractJobClassOutsideQuartzMatches() {
        ElementMatcher<? super TypeDescription> types =
                new QuartzJobInstrumentation(new GatedMethods(), null).typeMatcher();
        assertTrue(types.matches(describe(PKG + "CountingJob")));
        assertTrue(
                types.matches(describe(PKG + "TemplateJob")),
                "an abstract base class may declare the body");
        assertTrue(types.matches(describe(PKG + "InheritingJob")));
        assertTrue(types.matches(describe(PKG + "narrow.ReportJob")));
        assertFalse(types.matches(describe(PKG + "NotAJob")));
        assertFalse(
                types.matches(describe("org.quartz.InterruptableJob")), "interfaces have no body");
        assertFalse(
                types.matches(describe("org.quartz.plugins.xml.FileScanJob")),
                "Quartz's own jobs maintain each replica's scheduler and are never gated");
    }

    @Test
    void patternsNarrowJobClassesByName() {
        ElementMatcher<? super TypeDescription> onePackage =
                new QuartzJobInstrumentation(new GatedMethods(), List.of(PKG + "narrow.*"))
                        .typeMatcher();
        assertTrue(onePackage.matches(describe(PKG + "narrow.ReportJob")));
        assertFalse(onePackage.matches(describe(PKG + "CountingJob")));

        ElementMatcher<? super TypeDescription> below =
                new QuartzJobInstrumentation(
                                new GatedMethods(),
                                List.of(
                                        "io.leadergate.agent.instrument.fixtures.**",
                                        "com.acme.PurgeJob"))
                        .typeMatcher();
        assertTrue(below.matches(describe(PKG + "narrow.ReportJob")));
        assertTrue(below.matches(describe(PKG + "CountingJob")));
        assertFalse(
                below.matches(describe(PKG + "NotAJob")),
                "a pattern selects among jobs, it never adds non-jobs");
    }

    @Test
    void aMalformedPatternIsReportedAndTheOthersStillNarrow() {
        try (LogCapture log = new LogCapture()) {
            ElementMatcher<? super TypeDescription> types =
                    new QuartzJobInstrumentation(
                                    new GatedMethods(),
                                    List.of("com.acme/jobs.*", PKG + "narrow.*"))
                            .typeMatcher();
            assertTrue(types.matches(describe(PKG + "narrow.ReportJob")));
            assertFalse(types.matches(describe(PKG + "CountingJob")));
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
            ElementMatcher<? super TypeDescription> types =
                    new QuartzJobInstrumentation(new GatedMethods(), List.of("com..acme"))
                            .typeMatcher();
            assertTrue(types.matches(describe(PKG + "CountingJob")));
            assertEquals(1, log.linesContaining("no well-formed pattern").size());
        }
    }

    @Test
    void onlyLoadersThatCanSeeQuartzAreConsidered() throws Exception {
        ElementMatcher<? super ClassLoader> loaders =
                new QuartzJobInstrumentation(new GatedMethods(), null).classLoaderMatcher();
        assertTrue(loaders.matches(QuartzJobMatchersTest.class.getClassLoader()));
        try (URLClassLoader withoutQuartz = new URLClassLoader(new URL[0], null)) {
            assertFalse(loaders.matches(withoutQuartz));
            assertFalse(loaders.matches(withoutQuartz), "the cached answer is the same");
        }
        assertFalse(loaders.matches(null), "the bootstrap loader is never instrumented");
    }

    private static TypeDescription describe(String name) {
        return POOL.describe(name).resolve();
    }
}
