package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.testsupport.Await;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The waiting rule of the pre-filter: candidates that arrive before Byte Buddy's transformer wait
 * for it and then go to it; other classes never wait; nothing waits after a failure or past the
 * bound. Byte Buddy's transformer is stood for by a recording one, since only the hand-over is
 * under test.
 */
class CandidateTransformerTest {

    private static final long GENEROUS_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long AWAIT_SECONDS = 30;
    private static final byte[] CANDIDATE = "...Lio/leadergate/LeaderOnly;...".getBytes();
    private static final byte[] PLAIN = "...nothing to see...".getBytes();
    private static final byte[] WOVEN = {42};

    private final ClassFileCandidates candidates = ClassFileCandidates.of(false, false, null, null);
    private final ClassLoader loader = getClass().getClassLoader();

    @Test
    void aCandidateWaitsForTheHandOverAndIsThenTransformed() throws Exception {
        CandidateTransformer front = new CandidateTransformer(candidates, GENEROUS_NANOS);
        CompletableFuture<byte[]> early = new CompletableFuture<>();
        Thread loading =
                new Thread(
                        () -> early.complete(load(front, "com/acme/Early", CANDIDATE)), "loading");
        loading.start();
        awaitBlocked(loading);

        // Other classes pass at once meanwhile, untouched.
        assertNull(load(front, "com/acme/Plain", PLAIN));
        assertFalse(early.isDone(), "returned before the hand-over: it would have loaded unwoven");

        Recording byteBuddy = new Recording();
        front.handOver(byteBuddy);

        assertArrayEquals(WOVEN, early.get(AWAIT_SECONDS, TimeUnit.SECONDS));
        assertArrayEquals(WOVEN, load(front, "com/acme/Later", CANDIDATE));
        assertEquals(List.of("com/acme/Early", "com/acme/Later"), byteBuddy.seen());
        assertTrue(front.waitSummary().startsWith("1 classes waited"), front.waitSummary());
    }

    @Test
    void afterAFailureCandidatesLoadAsTheyAre() throws Exception {
        CandidateTransformer front = new CandidateTransformer(candidates, GENEROUS_NANOS);
        CompletableFuture<byte[]> early =
                CompletableFuture.supplyAsync(() -> load(front, "com/acme/Early", CANDIDATE));

        front.abandon();

        assertNull(early.get(AWAIT_SECONDS, TimeUnit.SECONDS));
        assertNull(load(front, "com/acme/Later", CANDIDATE));
        assertFalse(front.handedOver());
    }

    @Test
    void pastTheBoundOneErrorAndNoMoreWaiting() {
        CandidateTransformer front =
                new CandidateTransformer(candidates, TimeUnit.MILLISECONDS.toNanos(50));
        try (LogCapture log = new LogCapture()) {
            assertNull(load(front, internalName(First.class), CANDIDATE));
            assertNull(load(front, internalName(Second.class), CANDIDATE));

            assertEquals(1, log.linesContaining("the instrumentation is not ready after").size());
            assertTrue(
                    front.waitSummary().startsWith("1 classes waited"),
                    "the second did not wait: " + front.waitSummary());
        }
        // Once ready, candidates go to Byte Buddy again, and the two that loaded unwoven are
        // named for retransformation (only those, once, and only for the loader that loaded them).
        front.handOver(new Recording());
        assertArrayEquals(WOVEN, load(front, "com/acme/Third", CANDIDATE));
        Class<?>[] loaded = {First.class, Second.class, Third.class, String.class};
        assertEquals(List.of(First.class, Second.class), front.loadedUnexamined(loaded));
        assertEquals(List.of(), front.loadedUnexamined(loaded));
    }

    @Test
    void unexaminedClassesAreMatchedByNameAndLoader() {
        CandidateTransformer front =
                new CandidateTransformer(candidates, TimeUnit.MILLISECONDS.toNanos(1));
        try (LogCapture log = new LogCapture()) {
            assertNull(load(front, internalName(First.class), CANDIDATE));
            assertNull(load(front, internalName(Second.class), PLAIN));
            // The same name from another loader: not the Second.class loaded here.
            assertNull(
                    front.transform(
                            getClass().getModule(),
                            new ClassLoader(null) {},
                            internalName(Second.class),
                            null,
                            null,
                            CANDIDATE));
        }
        front.handOver(new Recording());
        assertEquals(
                List.of(First.class),
                front.loadedUnexamined(new Class<?>[] {First.class, Second.class}));
    }

    @Test
    void afterAFailureNothingIsRememberedForRetransformation() {
        CandidateTransformer front = new CandidateTransformer(candidates, GENEROUS_NANOS);
        front.abandon();
        assertNull(load(front, internalName(First.class), CANDIDATE));
        assertEquals(List.of(), front.loadedUnexamined(new Class<?>[] {First.class}));
    }

    @Test
    void theInstallingThreadNeverWaitsForItself() throws Exception {
        CandidateTransformer front = new CandidateTransformer(candidates, GENEROUS_NANOS);
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread installer =
                new Thread(
                        () -> result.complete(load(front, internalName(First.class), CANDIDATE)),
                        "installer");
        front.installingOn(installer);
        installer.start();

        assertNull(result.get(AWAIT_SECONDS, TimeUnit.SECONDS));
        installer.join();
        // It loaded unwoven, so it is named for retransformation once Byte Buddy is ready.
        front.handOver(new Recording());
        assertEquals(
                List.of(First.class),
                front.loadedUnexamined(new Class<?>[] {String.class, First.class}));
    }

    @Test
    void aThrowingTransformerNeverFailsClassLoading() {
        CandidateTransformer front = new CandidateTransformer(candidates, GENEROUS_NANOS);
        front.handOver(
                new ClassFileTransformer() {
                    @Override
                    public byte[] transform(
                            Module module,
                            ClassLoader loader,
                            String className,
                            Class<?> redefined,
                            ProtectionDomain domain,
                            byte[] classFile) {
                        throw new IllegalStateException("test");
                    }
                });
        try (LogCapture log = new LogCapture()) {
            assertNull(load(front, "com/acme/Broken", CANDIDATE));
            assertEquals(1, log.linesContaining("could not examine com/acme/Broken").size());
        }
    }

    /** Stand-ins for loaded classes: only their names and loader matter. */
    private static final class First {}

    private static final class Second {}

    private static final class Third {}

    private static String internalName(Class<?> type) {
        return type.getName().replace('.', '/');
    }

    /** Until {@code thread} is parked in its wait for the hand-over. */
    private static void awaitBlocked(Thread thread) throws InterruptedException {
        Await.until(
                thread.getName() + " to wait",
                Duration.ofSeconds(AWAIT_SECONDS),
                () -> thread.getState() == Thread.State.TIMED_WAITING || !thread.isAlive(),
                () -> "state: " + thread.getState());
        assertTrue(thread.isAlive(), "never waited: " + thread.getState());
    }

    private byte[] load(CandidateTransformer front, String name, byte[] classFile) {
        return front.transform(getClass().getModule(), loader, name, null, null, classFile);
    }

    private static final class Recording implements ClassFileTransformer {
        private final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public byte[] transform(
                Module module,
                ClassLoader loader,
                String className,
                Class<?> redefined,
                ProtectionDomain domain,
                byte[] classFile) {
            seen.add(className);
            return WOVEN;
        }

        List<String> seen() {
            return List.copyOf(seen);
        }
    }
}
