package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.instrument.fixtures.TypeGated;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The byte-level pre-filter never hides a class from Byte Buddy: every class of this module's test
 * classes (the fixtures of every instrumentation, and the tests themselves) that any
 * instrumentation's matchers select, with every instrumentation switched on, is a candidate. And it
 * does filter: the classes none selects are, for the most part, not candidates.
 */
class ClassFileCandidatesTest {

    private static final String PATTERNS = "io.leadergate.agent.instrument.fixtures.patterns";
    private static final List<String> METHODS =
            List.of(PATTERNS + ".Reports#nightly", PATTERNS + ".**#runNow");
    private static final List<String> EXECUTORS = List.of("io.leadergate.testapp.tasks.*");
    private static final String EXECUTOR = "java/util/concurrent/ScheduledThreadPoolExecutor";

    private static final Map<String, byte[]> CLASS_FILES = new TreeMap<>();

    @BeforeAll
    static void readTestClasses() throws IOException, URISyntaxException {
        Path root =
                Paths.get(
                        TypeGated.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI());
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file :
                    files.filter(path -> path.toString().endsWith(".class"))
                            .collect(Collectors.toList())) {
                String internalName =
                        root.relativize(file)
                                .toString()
                                .replace('\\', '/')
                                .replaceAll("\\.class$", "");
                CLASS_FILES.put(internalName, Files.readAllBytes(file));
            }
        }
    }

    @Test
    void everyClassAnInstrumentationSelectsIsACandidate() {
        GatedMethods registry = new GatedMethods();
        List<GatingInstrumentation> all = new ArrayList<>();
        all.add(new LeaderOnlyInstrumentation());
        all.add(new QuartzJobInstrumentation(null));
        all.add(new SpringScheduledInstrumentation());
        all.addAll(MethodPatternInstrumentation.fromConfig(METHODS));
        List<ConfiguredPatterns.Grouped<ClassNamePattern>> taskClasses =
                ConfiguredPatterns.parse("test", EXECUTORS, ClassNamePattern::parse);
        all.add(new TimerTaskInstrumentation(new ScheduledTaskClasses(taskClasses, registry)));
        ClassFileCandidates candidates = ClassFileCandidates.of(true, true, METHODS, EXECUTORS);
        ClassLoader loader = ClassFileCandidatesTest.class.getClassLoader();

        List<String> selected = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        int others = 0;
        int otherCandidates = 0;
        for (Map.Entry<String, byte[]> classFile : CLASS_FILES.entrySet()) {
            if (IgnoredNames.ignoresInternalName(classFile.getKey())) {
                continue;
            }
            ClassFacts type = ClassFacts.read(classFile.getValue(), loader);
            boolean candidate =
                    candidates.mayMatch(loader, classFile.getKey(), classFile.getValue());
            if (all.stream().anyMatch(each -> each.appliesTo(loader) && each.matchesType(type))) {
                selected.add(type.name());
                if (!candidate) {
                    missed.add(type.name());
                }
            } else {
                others++;
                otherCandidates += candidate ? 1 : 0;
            }
        }

        assertEquals(
                List.of(),
                missed,
                "selected by Byte Buddy's matchers but filtered out before them");
        // The fixtures of each kind are really there, so the check above has something to check.
        for (String expected :
                List.of(
                        "fixtures.TypeGated",
                        "fixtures.quartz.InheritingJob",
                        "fixtures.spring.ScheduledBeans",
                        "fixtures.patterns.Reports",
                        "fixtures.patterns.deeper.NightlyJob")) {
            assertTrue(
                    selected.contains("io.leadergate.agent.instrument." + expected),
                    expected + " in " + selected);
        }
        assertTrue(
                selected.stream().anyMatch(name -> name.startsWith("io.leadergate.testapp.tasks.")),
                selected.toString());
        // Test classes mention the annotation's name in strings, not as a descriptor: most are
        // filtered.
        assertTrue(
                otherCandidates * 4 < others,
                otherCandidates + " of " + others + " unselected classes are candidates");
    }

    @Test
    void onlyTheLeaderOnlyDescriptorWhenNothingElseIsOn() {
        ClassFileCandidates leaderOnly = ClassFileCandidates.of(false, false, null, null);
        ClassLoader loader = getClass().getClassLoader();

        assertTrue(
                leaderOnly.mayMatch(
                        loader,
                        internal(TypeGated.class),
                        CLASS_FILES.get(internal(TypeGated.class))));
        String springBean = "io/leadergate/agent/instrument/fixtures/spring/ScheduledBeans";
        assertFalse(leaderOnly.mayMatch(loader, springBean, CLASS_FILES.get(springBean)));
        assertTrue(
                ClassFileCandidates.of(false, true, null, null)
                        .mayMatch(loader, springBean, CLASS_FILES.get(springBean)));
        String quartzJob = "io/leadergate/agent/instrument/fixtures/quartz/InheritingJob";
        assertFalse(leaderOnly.mayMatch(loader, quartzJob, CLASS_FILES.get(quartzJob)));
        assertTrue(
                ClassFileCandidates.of(true, false, null, null)
                        .mayMatch(loader, quartzJob, CLASS_FILES.get(quartzJob)));
    }

    @Test
    void theJdkIsDecidedByNameAndOnlyTheScheduledExecutorIsEverACandidate() throws IOException {
        byte[] executor = jdkClassFile(EXECUTOR);
        assertTrue(
                ClassFileCandidates.of(false, false, null, EXECUTORS)
                        .mayMatch(null, EXECUTOR, executor));
        assertFalse(
                ClassFileCandidates.of(true, true, METHODS, null)
                        .mayMatch(null, EXECUTOR, executor));
        // Even a JDK class that carried the descriptor would be skipped: the JDK is never gated.
        byte[] marked = CLASS_FILES.get(internal(TypeGated.class));
        assertFalse(
                ClassFileCandidates.of(true, true, METHODS, EXECUTORS)
                        .mayMatch(null, "java/util/Timer", marked));
        assertFalse(
                ClassFileCandidates.of(true, true, METHODS, EXECUTORS)
                        .mayMatch(getClass().getClassLoader(), "org/springframework/Foo", marked));
        // What LoadedCandidates asks before looking at the ~1,000 JDK classes loaded at premain.
        assertTrue(
                ClassFileCandidates.of(false, false, null, EXECUTORS).mayMatchBootstrapClasses());
        assertFalse(ClassFileCandidates.of(true, true, METHODS, null).mayMatchBootstrapClasses());
    }

    @Test
    void malformedPatternsAreLeftToTheInstrumentationsToReport() {
        ClassFileCandidates candidates =
                ClassFileCandidates.of(
                        false,
                        false,
                        List.of("no hash", "bad..name#x", " " + PATTERNS + ".Reports#nightly "),
                        List.of("bad..pattern"));
        ClassLoader loader = getClass().getClassLoader();
        String reports = PATTERNS.replace('.', '/') + "/Reports";

        assertTrue(candidates.mayMatch(loader, reports, CLASS_FILES.get(reports)));
        assertFalse(
                candidates.mayMatch(null, EXECUTOR, new byte[0]),
                "no well-formed executor pattern: not gated");
    }

    @Test
    void findsATokenAnywhereInTheBytes() {
        byte[] token = "Lio/x;".getBytes();
        assertTrue(ClassFileCandidates.contains("Lio/x;".getBytes(), token));
        assertTrue(ClassFileCandidates.contains("..LLio/x;".getBytes(), token));
        assertFalse(ClassFileCandidates.contains("Lio/x".getBytes(), token));
        assertFalse(ClassFileCandidates.contains(new byte[0], token));
    }

    private static String internal(Class<?> type) {
        return type.getName().replace('.', '/');
    }

    private static byte[] jdkClassFile(String internalName) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            return in.readAllBytes();
        }
    }
}
