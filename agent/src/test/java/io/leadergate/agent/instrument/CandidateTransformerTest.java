package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.instrument.fixtures.TypeGated;
import io.leadergate.agent.instrument.fixtures.Unlucky;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The transformer on its own, called as the JVM calls it: a candidate selected by an
 * instrumentation is woven at once, on the loading thread; other classes are left alone unread; a
 * class that cannot be read or woven loads as it is, with one warning, and never an exception.
 */
class CandidateTransformerTest {

    private static final byte[] CANDIDATE = "...Lio/leadergate/LeaderOnly;...".getBytes();
    private static final byte[] PLAIN = "...nothing to see...".getBytes();

    private final GatedMethods registry = new GatedMethods();
    private final ClassLoader loader = getClass().getClassLoader();

    private CandidateTransformer transformer(GatingInstrumentation... instrumentations) {
        return new CandidateTransformer(
                ClassFileCandidates.of(false, false, null, null),
                List.of(instrumentations),
                registry,
                null);
    }

    @Test
    void aSelectedCandidateIsWovenAndRegisteredOnTheLoadingThread() {
        byte[] original = ClassFactsOf.classFile(TypeGated.class.getName(), loader);
        byte[] woven =
                load(
                        transformer(new LeaderOnlyInstrumentation()),
                        internalName(TypeGated.class),
                        original);

        assertNotNull(woven);
        assertTrue(woven.length > original.length, "the gate adds code");
        assertTrue(
                registry.methods().contains(TypeGated.class.getName() + "#publicJob()"),
                registry.methods().toString());
    }

    @Test
    void classesThatAreNotCandidatesAreNeitherReadNorWoven() {
        // PLAIN is no class file: reading it would fail, and the failure would be logged.
        try (LogCapture log = new LogCapture()) {
            assertNull(load(transformer(new LeaderOnlyInstrumentation()), "com/acme/Plain", PLAIN));
            assertEquals(List.of(), log.linesContaining("com.acme.Plain"));
        }
        byte[] unlucky = ClassFactsOf.classFile(Unlucky.class.getName(), loader);
        assertNull(
                load(
                        transformer(new LeaderOnlyInstrumentation()),
                        internalName(Unlucky.class),
                        unlucky),
                "nothing selected: the class keeps its bytes");
    }

    @Test
    void anUnreadableCandidateLoadsAsItIsWithOneWarning() {
        try (LogCapture log = new LogCapture()) {
            assertNull(
                    load(
                            transformer(new LeaderOnlyInstrumentation()),
                            "com/acme/Broken",
                            CANDIDATE));
            assertNull(
                    load(
                            transformer(new LeaderOnlyInstrumentation()),
                            "com/acme/Broken",
                            CANDIDATE));
            List<String> warnings = log.linesContaining("could not instrument com.acme.Broken");
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("NOT gated"), warnings.get(0));
        }
    }

    @Test
    void aThrowingInstrumentationNeverFailsClassLoading() {
        GatingInstrumentation throwing =
                new GatingInstrumentation() {
                    @Override
                    public String name() {
                        return "throwing (test)";
                    }

                    @Override
                    public boolean matchesType(ClassFacts type) {
                        throw new IllegalStateException("test");
                    }

                    @Override
                    public boolean matchesMethod(ClassFacts.Method method) {
                        return true;
                    }

                    @Override
                    public GateWeaver.Advice adviceFor(ClassFacts.Method method) {
                        return GateWeaver.Advice.SKIP;
                    }
                };
        byte[] original = ClassFactsOf.classFile(TypeGated.class.getName(), loader);
        try (LogCapture log = new LogCapture()) {
            assertNull(load(transformer(throwing), "io/leadergate/test/Renamed", original));
            assertEquals(
                    1,
                    log.linesContaining("could not instrument io.leadergate.test.Renamed").size());
        }
    }

    private static String internalName(Class<?> type) {
        return type.getName().replace('.', '/');
    }

    private byte[] load(CandidateTransformer transformer, String name, byte[] classFile) {
        return transformer.transform(getClass().getModule(), loader, name, null, null, classFile);
    }
}
