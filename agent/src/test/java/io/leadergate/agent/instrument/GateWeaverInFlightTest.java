package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.NotLeaderException;
import io.leadergate.agent.instrument.fixtures.LongCalls;
import io.leadergate.bootstrap.Gate;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every advice variant, plain ({@code Gate}) and tracked ({@code InFlightCalls}), keeps {@link
 * Gate#inFlight(int)} exact: an admitted call counts while its body runs and stops counting when it
 * returns or throws; skipped and THROW-refused calls never count. The class is woven by hand so
 * that each family can be tested whatever the process-wide tracking switch says.
 */
class GateWeaverInFlightTest {

    private static final String CALLS = LongCalls.class.getName();

    private WovenLongCalls calls;

    @AfterEach
    void closeGate() {
        Gate.revoke();
        Thread.interrupted();
    }

    private void weave(boolean tracked) throws Exception {
        calls = WovenLongCalls.weave(tracked);
    }

    private Object call(String method, Object... args) throws Throwable {
        return calls.call(method, args);
    }

    private static int id(String method) {
        return Gate.register(CALLS + "#" + method);
    }

    @ParameterizedTest(name = "tracked={0}")
    @ValueSource(booleans = {false, true})
    void aRunningCallCountsUntilItReturns(boolean tracked) throws Exception {
        weave(tracked);
        Gate.grantUntil(System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        int id = id("waitForInterrupt(java.util.concurrent.CountDownLatch)");
        long before = Gate.inFlight(id);
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread worker = calls.startWaitingForInterrupt("gated-worker", entered, result);
        assertTrue(entered.await(30, TimeUnit.SECONDS), "the gated body never started");

        assertEquals(before + 1, Gate.inFlight(id));
        Gate.revoke();
        assertEquals(
                before + 1, Gate.inFlight(id), "closing the gate does not end the running call");

        worker.interrupt();
        assertEquals(Boolean.TRUE, result.get(30, TimeUnit.SECONDS));
        worker.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(before, Gate.inFlight(id), "the call stopped counting when it returned");
    }

    @ParameterizedTest(name = "tracked={0}")
    @ValueSource(booleans = {false, true})
    void admittedCallsStopCountingOnReturnOnThrowAndWhenNested(boolean tracked) throws Throwable {
        weave(tracked);
        Gate.grantUntil(System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        int quick = id("quick()");
        long quickRuns = Gate.executed(quick);
        long total = Gate.inFlight();

        assertEquals("ran", call("quick"));
        assertEquals(
                "ran",
                call("nested")); // nested() calls quick(): two gated calls, one inside the other
        assertEquals(Optional.of("ran"), call("maybe"));
        assertEquals("ran", call("strict"));
        assertThrows(IllegalStateException.class, () -> call("fails"));

        assertEquals(quickRuns + 2, Gate.executed(quick), "the calls were admitted and counted");
        assertEquals(0, Gate.inFlight(quick));
        assertEquals(0, Gate.inFlight(id("nested()")));
        assertEquals(0, Gate.inFlight(id("maybe()")));
        assertEquals(0, Gate.inFlight(id("strict()")));
        assertEquals(0, Gate.inFlight(id("fails()")), "a throwing body has left");
        assertEquals(total, Gate.inFlight());
    }

    @ParameterizedTest(name = "tracked={0}")
    @ValueSource(booleans = {false, true})
    void skippedAndRefusedCallsNeverCount(boolean tracked) throws Throwable {
        weave(tracked);
        Gate.revoke();
        int strict = id("strict()");
        long strictRuns = Gate.executed(strict);
        long total = Gate.inFlight();

        assertNull(call("quick"));
        assertEquals(Optional.empty(), call("maybe"));
        assertThrows(NotLeaderException.class, () -> call("strict"));
        assertThrows(NotLeaderException.class, () -> call("strict"));

        assertEquals(strictRuns, Gate.executed(strict), "a THROW refusal was never admitted");
        assertEquals(0, Gate.inFlight(strict), "the exit advice did not run for a refusal");
        assertEquals(0, Gate.inFlight(id("quick()")));
        assertEquals(0, Gate.inFlight(id("maybe()")));
        assertEquals(total, Gate.inFlight());
    }
}
