package io.leadergate.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskFilterTest {

    static class Counting implements Runnable {
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public void run() {
            runs.incrementAndGet();
        }
    }

    static final class Answer implements Callable<String> {
        @Override
        public String call() {
            return "done";
        }
    }

    @BeforeEach
    void gateOnlyCountingAndAnswer() {
        TaskFilter.install(
                name ->
                        name.endsWith("$Counting") || name.endsWith("$Answer")
                                ? "task " + name
                                : null);
    }

    @AfterEach
    void closeGateAndForget() {
        Gate.revoke();
        TaskFilter.install(null);
    }

    @Test
    void wrapsOnlyMatchingClassesAndNeverTwice() {
        Runnable other = () -> {};
        assertSame(other, TaskFilter.gate(other));
        assertNull(TaskFilter.gate((Runnable) null));

        Runnable gated = TaskFilter.gate(new Counting());
        assertInstanceOf(GatedRunnable.class, gated);
        assertSame(gated, TaskFilter.gate(gated));
        Callable<String> answer = TaskFilter.gate(new Answer());
        assertInstanceOf(GatedCallable.class, answer);
    }

    @Test
    void runsTheTaskOnlyWhileTheGateIsOpenAndCountsBoth() throws Exception {
        Counting task = new Counting();
        Runnable gated = TaskFilter.gate(task);
        int id = Gate.register("task " + Counting.class.getName());
        long skippedBefore = Gate.skipped(id);
        long executedBefore = Gate.executed(id);

        gated.run();
        assertEquals(0, task.runs.get());
        assertNull(TaskFilter.gate(new Answer()).call(), "a skipped Callable returns null");

        Gate.grantUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
        gated.run();
        assertEquals(1, task.runs.get());
        assertEquals("done", TaskFilter.gate(new Answer()).call());
        assertEquals(skippedBefore + 1, Gate.skipped(id));
        assertEquals(executedBefore + 1, Gate.executed(id));
    }

    @Test
    void aFailingDescriberLeavesTasksUngated() {
        TaskFilter.install(
                name -> {
                    throw new IllegalStateException("boom");
                });
        Counting task = new Counting();
        assertSame(task, TaskFilter.gate(task));
    }

    @Test
    void aSkippedPeriodicTaskStaysScheduledAndStartsWorkingWhenTheGateOpens() throws Exception {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
        try {
            CountDownLatch ran = new CountDownLatch(3);
            Counting task =
                    new Counting() {
                        @Override
                        public void run() {
                            super.run();
                            ran.countDown();
                        }
                    };
            // The anonymous subclass is named ...TaskFilterTest$1, so match it explicitly.
            TaskFilter.install(name -> name.equals(task.getClass().getName()) ? "periodic" : null);
            int id = Gate.register("periodic");
            long skippedBefore = Gate.skipped(id);
            ScheduledFuture<?> future =
                    executor.scheduleAtFixedRate(
                            TaskFilter.gate(task), 0, 5, TimeUnit.MILLISECONDS);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (Gate.skipped(id) < skippedBefore + 3 && System.nanoTime() - deadline < 0) {
                Thread.sleep(5);
            }
            assertTrue(
                    Gate.skipped(id) >= skippedBefore + 3,
                    "the periodic task was not run (and skipped) repeatedly");
            assertEquals(0, task.runs.get());
            assertFalse(future.isDone(), "a skipped periodic task must stay scheduled");

            Gate.grantUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
            assertTrue(
                    ran.await(20, TimeUnit.SECONDS),
                    "the periodic task did not start working once the gate opened");
            assertFalse(future.isDone());
        } finally {
            executor.shutdownNow();
        }
    }
}
