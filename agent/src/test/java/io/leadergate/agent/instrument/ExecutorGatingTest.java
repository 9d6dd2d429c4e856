package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.bootstrap.Gate;
import io.leadergate.testapp.othertasks.Heartbeat;
import io.leadergate.testapp.tasks.Cleanup;
import io.leadergate.testapp.tasks.PeriodicWork;
import io.leadergate.testsupport.Await;
import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.List;
import java.util.Timer;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code leadergate.gate.executors} in this JVM: the JDK's {@code ScheduledThreadPoolExecutor}
 * (loaded and in use before the agent, so woven by retransformation) and {@code TimerTask}s.
 */
class ExecutorGatingTest {

    private static final String TASKS = "io.leadergate.testapp.tasks";

    /**
     * Each lambda and method reference of PeriodicWork is its own entry: "...PeriodicWork lambda
     * <n> (...)".
     */
    private static final String PERIODIC_WORK = TASKS + ".PeriodicWork lambda ";

    private static final long AWAIT_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final GatedMethods GATED = new GatedMethods();

    /**
     * Created before the agent is installed, like an executor an app builds in a static
     * initializer.
     */
    private static final ScheduledThreadPoolExecutor PREEXISTING =
            new ScheduledThreadPoolExecutor(1);

    private static Class<?> bootGate;

    @BeforeAll
    static void installAgent() {
        PREEXISTING.execute(() -> {}); // in use before the agent arrives
        Instrumentation instrumentation = ByteBuddyAgent.install();
        BootstrapOnBootPath.appendOnce(instrumentation);
        bootGate = BootstrapOnBootPath.bootClass("io.leadergate.bootstrap.Gate");
        ScheduledTaskClasses classes =
                new ScheduledTaskClasses(
                        ConfiguredPatterns.parse(
                                "test", List.of(TASKS + ".*"), ClassNamePattern::parse),
                        GATED);
        BootstrapOnBootPath.invoke(
                BootstrapOnBootPath.bootClass("io.leadergate.bootstrap.TaskFilter"),
                "install",
                new Class<?>[] {Function.class},
                classes);
        CandidateTransformer.install(
                instrumentation,
                ClassFileCandidates.of(false, false, null, List.of(TASKS + ".*")),
                List.of(new ExecutorInstrumentation(), new TimerTaskInstrumentation(classes)),
                GATED);
    }

    @AfterAll
    static void stopExecutor() {
        PREEXISTING.shutdownNow();
    }

    @AfterEach
    void closeGatesAfterEach() {
        closeGates();
    }

    private static void closeGates() {
        Gate.revoke();
        BootstrapOnBootPath.invoke(bootGate, "revoke", new Class<?>[0]);
    }

    @Test
    void periodicLambdaIsSkippedOnAFollowerStaysScheduledAndWorksOnceLeader() {
        PeriodicWork work = new PeriodicWork();
        ScheduledFuture<?> future =
                PREEXISTING.scheduleAtFixedRate(work.lambda(), 0, 5, TimeUnit.MILLISECONDS);
        try {
            long skippedBefore = bootSkipped(PERIODIC_WORK);
            await(
                    "the periodic task to be skipped several times",
                    () -> bootSkipped(PERIODIC_WORK) >= skippedBefore + 3);
            assertEquals(0, work.bodies.get(), "a follower ran the gated task");
            assertFalse(future.isDone(), "a skipped periodic task must stay scheduled");

            openGates();
            await(
                    "the same periodic task to work once this JVM leads",
                    () -> work.bodies.get() >= 3);
            closeGates();
            int afterLoss = work.bodies.get();
            long skippedAfterLoss = bootSkipped(PERIODIC_WORK);
            await(
                    "the task to be skipped again after leadership ends",
                    () -> bootSkipped(PERIODIC_WORK) >= skippedAfterLoss + 3);
            assertTrue(
                    work.bodies.get() <= afterLoss + 1,
                    "at most a run already admitted may finish after the loss");
            assertFalse(future.isDone());
        } finally {
            future.cancel(false);
        }
    }

    @Test
    void everyEntryPointOfEveryScheduledExecutorIsCovered() throws Exception {
        ScheduledExecutorService single = Executors.newSingleThreadScheduledExecutor();
        try {
            PeriodicWork work = new PeriodicWork();
            single.execute(work.lambda());
            single.submit(work.methodReference()).get(20, TimeUnit.SECONDS);
            assertEquals(
                    "result", single.submit(work.lambda(), "result").get(20, TimeUnit.SECONDS));
            assertNull(
                    single.submit(work.answer()).get(20, TimeUnit.SECONDS),
                    "a skipped Callable yields null");
            assertNull(
                    single.schedule(work.answer(), 1, TimeUnit.MILLISECONDS)
                            .get(20, TimeUnit.SECONDS));
            single.schedule(work.lambda(), 1, TimeUnit.MILLISECONDS).get(20, TimeUnit.SECONDS);
            ScheduledFuture<?> delayed =
                    single.scheduleWithFixedDelay(
                            work.methodReference(), 0, 5, TimeUnit.MILLISECONDS);
            long skippedBefore = bootSkipped(PERIODIC_WORK);
            await(
                    "the fixed-delay task to be skipped",
                    () -> bootSkipped(PERIODIC_WORK) >= skippedBefore + 2);
            delayed.cancel(false);
            assertEquals(0, work.bodies.get(), "no gated task may run on a follower");

            openGates();
            assertEquals("answer", single.submit(work.answer()).get(20, TimeUnit.SECONDS));
            single.submit(work.methodReference()).get(20, TimeUnit.SECONDS);
            assertEquals(2, work.bodies.get());
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void tasksOfOtherClassesAreNeverTouched() throws Exception {
        Heartbeat heartbeat = new Heartbeat();
        Runnable task = heartbeat.task();
        Future<?> done = PREEXISTING.submit(task);
        done.get(20, TimeUnit.SECONDS);
        assertEquals(1, heartbeat.beats.get(), "a task no pattern names runs on a follower");
        assertFalse(
                PREEXISTING.getQueue().stream()
                        .anyMatch(queued -> queued.toString().contains("leader-only")));
    }

    @Test
    void timerTaskRunIsSkippedOnAFollowerAndTheTimerKeepsGoing() {
        Timer timer = new Timer("test-timer", true);
        try {
            Cleanup cleanup = new Cleanup();
            Heartbeat heartbeat = new Heartbeat();
            timer.scheduleAtFixedRate(cleanup, 0, 5);
            timer.scheduleAtFixedRate(heartbeat.timerTask(), 0, 5);
            int id = Gate.register(TASKS + ".Cleanup#run()");
            long skippedBefore = Gate.skipped(id);
            await(
                    "the TimerTask to be skipped several times",
                    () -> Gate.skipped(id) >= skippedBefore + 3);
            await(
                    "the ungated TimerTask on the same timer to run",
                    () -> heartbeat.beats.get() >= 3);
            assertEquals(0, cleanup.bodies.get(), "a follower ran the gated TimerTask");
            assertTrue(
                    GATED.methods().contains(TASKS + ".Cleanup#run()"), GATED.methods().toString());

            openGates();
            await(
                    "the same TimerTask to work once this JVM leads",
                    () -> cleanup.bodies.get() >= 3);
        } finally {
            timer.cancel();
        }
    }

    @Test
    void matchedTaskClassesAreListedForTheSummary() throws Exception {
        PeriodicWork work = new PeriodicWork();
        PREEXISTING.submit(work.lambda()).get(20, TimeUnit.SECONDS);
        PREEXISTING.submit(work.methodReference()).get(20, TimeUnit.SECONDS);

        // Two tasks scheduled from one class are two entries, each with its own counters.
        List<String> periodic =
                GATED.methods().stream()
                        .filter(method -> method.startsWith(PERIODIC_WORK))
                        .toList();
        assertTrue(periodic.size() >= 2, GATED.methods().toString());
        assertTrue(
                periodic.stream()
                        .allMatch(method -> method.endsWith(" (ScheduledExecutorService task)")),
                periodic.toString());
    }

    private static void openGates() {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        Gate.grantUntil(until);
        BootstrapOnBootPath.invoke(bootGate, "grantUntil", new Class<?>[] {long.class}, until);
    }

    /** Skipped calls, summed over every task entry whose description starts with {@code prefix}. */
    private static long bootSkipped(String prefix) {
        long skipped = 0;
        for (String description : GATED.methods()) {
            if (description.startsWith(prefix)) {
                int id =
                        (Integer)
                                BootstrapOnBootPath.invoke(
                                        bootGate,
                                        "register",
                                        new Class<?>[] {String.class},
                                        description);
                skipped +=
                        (Long)
                                BootstrapOnBootPath.invoke(
                                        bootGate, "skipped", new Class<?>[] {int.class}, id);
            }
        }
        return skipped;
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofNanos(AWAIT_NANOS), condition);
    }
}
