package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.NotLeaderException;
import io.leadergate.bootstrap.Gate;
import io.leadergate.bootstrap.InFlightCalls;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The advice woven for {@code leadergate.on.loss=interrupt}: admitted calls are registered for
 * exactly as long as they run (returning, throwing, nested), refused ones never, and {@link
 * InFlightCalls#interruptAll()} reaches a thread inside a call and no thread outside one. The class
 * is woven by hand, so the process-wide tracking switch stays off for the other tests.
 */
class GateWeaverTrackedCallsTest {

    private WovenLongCalls calls;

    @BeforeEach
    void weave() throws Exception {
        calls = WovenLongCalls.weave(true);
    }

    @AfterEach
    void closeGate() {
        Gate.revoke();
        Thread.interrupted();
    }

    private Object call(String method, Object... args) throws Throwable {
        return calls.call(method, args);
    }

    @Test
    void aThreadInsideAnAdmittedCallIsInterruptedAndUnregisteredWhenItLeaves() throws Exception {
        Gate.grantUntil(System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread worker = calls.startWaitingForInterrupt("tracked-worker", entered, result);
        assertTrue(entered.await(30, TimeUnit.SECONDS), "the gated body never started");
        assertEquals(1, InFlightCalls.count());

        assertEquals("tracked-worker", InFlightCalls.interruptAll());
        assertEquals(Boolean.TRUE, result.get(30, TimeUnit.SECONDS), "the body saw the interrupt");
        worker.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(0, InFlightCalls.count(), "the call left the registry when it returned");
        assertEquals("", InFlightCalls.interruptAll());
    }

    @Test
    void aRefusedCallIsNeverRegisteredAndIsSkippedAsBefore() throws Throwable {
        Gate.revoke();
        assertNull(call("quick"));
        assertEquals(Optional.empty(), call("maybe"));
        assertThrows(NotLeaderException.class, () -> call("strict"));
        assertEquals(0, InFlightCalls.count());
        assertEquals("", InFlightCalls.interruptAll());
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void admittedCallsLeaveTheRegistryOnReturnOnThrowAndWhenNested() throws Throwable {
        Gate.grantUntil(System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        assertEquals("ran", call("quick"));
        assertEquals("ran", call("nested"));
        assertEquals(Optional.of("ran"), call("maybe"));
        assertEquals("ran", call("strict"));
        assertThrows(IllegalStateException.class, () -> call("fails"));
        assertEquals(0, InFlightCalls.count());
        assertEquals(
                "",
                InFlightCalls.interruptAll(),
                "a thread that has left its gated calls is not interrupted");
        assertFalse(Thread.currentThread().isInterrupted());
    }
}
