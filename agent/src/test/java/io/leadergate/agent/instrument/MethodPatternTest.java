package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.instrument.fixtures.patterns.Reports;
import io.leadergate.agent.instrument.fixtures.patterns.deeper.NightlyJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parsing and matching of {@code leadergate.gate.methods} entries, on class files described by Byte
 * Buddy.
 */
class MethodPatternTest {

    private static final String PKG = "io.leadergate.agent.instrument.fixtures.patterns";

    @Test
    void exactNameMatchesEveryOverloadOfThatMethodOnly() {
        MethodPattern pattern = MethodPattern.parse(PKG + ".Reports#warm");
        assertTrue(pattern.matches(method(Reports.class, "warm", String.class)));
        assertTrue(pattern.matches(method(Reports.class, "warm", int.class)));
        assertFalse(pattern.matches(method(Reports.class, "nightly")));
        assertFalse(pattern.hasWildcard());
    }

    @Test
    void parameterListSelectsOneOverloadByErasedFullyQualifiedTypes() {
        MethodPattern strings = MethodPattern.parse(PKG + ".Reports#warm(java.lang.String)");
        assertTrue(strings.matches(method(Reports.class, "warm", String.class)));
        assertFalse(strings.matches(method(Reports.class, "warm", int.class)));

        MethodPattern ints = MethodPattern.parse(PKG + ".Reports#warm(int)");
        assertTrue(ints.matches(method(Reports.class, "warm", int.class)));
        assertFalse(ints.matches(method(Reports.class, "warm", String.class)));

        MethodPattern none = MethodPattern.parse(PKG + ".Reports#nightly()");
        assertTrue(none.matches(method(Reports.class, "nightly")));
        assertFalse(
                MethodPattern.parse(PKG + ".Reports#warm()")
                        .matches(method(Reports.class, "warm", int.class)));
    }

    @Test
    void arraysAndVarargsAreWrittenWithBrackets() throws Exception {
        ClassFacts.Method main = method(Arrays.class, "main", String[].class);
        assertTrue(
                MethodPattern.parse(Arrays.class.getName() + "#main(java.lang.String[])")
                        .matches(main));
        assertTrue(
                MethodPattern.parse(Arrays.class.getName() + "#main(java.lang.String...)")
                        .matches(main));
        assertFalse(
                MethodPattern.parse(Arrays.class.getName() + "#main(java.lang.String)")
                        .matches(main));
    }

    /** A stand-in with an array parameter; nested, so its binary name has a '$'. */
    static final class Arrays {
        public static void main(String[] args) {}
    }

    @Test
    void singleStarStaysInOnePackageSegmentAndDoubleStarCrossesPackages() {
        ClassFacts.Method reportsNightly = method(Reports.class, "nightly");
        ClassFacts.Method deepRunNow = method(NightlyJob.class, "runNow");

        MethodPattern onePackage = MethodPattern.parse(PKG + ".*#*");
        assertTrue(onePackage.matches(reportsNightly));
        assertFalse(onePackage.matches(deepRunNow), "* must not cross a '.'");

        MethodPattern below = MethodPattern.parse(PKG + ".**#run*");
        assertTrue(below.matches(deepRunNow));
        assertTrue(below.matches(method(NightlyJob.class, "runLater")));
        assertFalse(below.matches(reportsNightly));
        assertTrue(below.hasWildcard());

        assertTrue(
                MethodPattern.parse("io.leadergate.**.deeper.Nightly*#runNow").matches(deepRunNow));
        assertTrue(MethodPattern.parse("io.*.agent.**#runNow").matches(deepRunNow));
        assertFalse(MethodPattern.parse("io.*.instrument.**#runNow").matches(deepRunNow));
    }

    @Test
    void nestedClassesAreWrittenWithADollar() {
        ClassFacts.Method main = method(Arrays.class, "main", String[].class);
        assertTrue(
                MethodPattern.parse(MethodPatternTest.class.getName() + "$Arrays#main")
                        .matches(main));
        assertFalse(
                MethodPattern.parse(MethodPatternTest.class.getName() + ".Arrays#main")
                        .matches(main));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "com.acme.Reports                        | needs exactly one '#'",
                "com.acme.Reports#a#b                    | needs exactly one '#'",
                "#nightly                                | has no class name",
                "com.acme.Reports#                       | has no method name",
                "com..Reports#nightly                    | empty name segment",
                "com.acme.Reports.#nightly               | empty name segment",
                "com.acme.***#nightly                    | '***'",
                "com.acme.Re-ports#nightly               | has '-' in the class name",
                "com.acme.Reports#night.ly               | has '.' in the method name",
                "com.acme.Reports#<init>                 | constructor",
                "com.acme.Reports#warm(String)           | fully qualified (write java.lang.String",
                "com.acme.Reports#warm(java.lang.String  | does not end with ')'",
                "com.acme.Reports#warm(java.util.List<java.lang.String>) | erasure",
                "com.acme.Reports#warm(java.lang.*)      | wildcard in a parameter type",
                "com.acme.Reports#warm(int,)             | empty parameter type",
                "com.acme.Reports#warm(int)x             | does not end with ')'",
            })
    void malformedPatternsSayWhatIsWrong(String pattern, String expected) {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> MethodPattern.parse(pattern));
        assertTrue(
                error.getMessage().contains(expected.trim()),
                "message for '" + pattern + "': " + error.getMessage());
    }

    @Test
    void whiteSpaceAroundIsTrimmedButNotInside() {
        assertEquals(
                PKG + ".Reports#nightly",
                MethodPattern.parse("  " + PKG + ".Reports#nightly ").toString());
        IllegalArgumentException inside =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> MethodPattern.parse("com.acme.Reports#warm(java.lang.String, int)"));
        assertTrue(inside.getMessage().contains("white space"), inside.getMessage());
    }

    private static ClassFacts.Method method(Class<?> type, String name, Class<?>... parameters) {
        return ClassFactsOf.method(ClassFactsOf.type(type), name, parameters);
    }

    static ClassFacts type(Class<?> type) {
        return ClassFactsOf.type(type);
    }
}
