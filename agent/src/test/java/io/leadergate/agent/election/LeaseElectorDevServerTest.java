package io.leadergate.agent.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.testsupport.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two electors in one JVM, each with its own kubeconfig and gate, against the real dev API server
 * over TLS.
 */
class LeaseElectorDevServerTest extends TwoElectorsOnDevServer {

    LeaseElectorDevServerTest() {
        super("e2e");
    }

    @Test
    void oneLeadsAndStopHandsOverWithoutWaitingForExpiry(@TempDir Path dir) throws Exception {
        RecordingGate gateA = new RecordingGate(SystemClock.INSTANCE);
        RecordingGate gateB = new RecordingGate(SystemClock.INSTANCE);
        a =
                new LeaseElector(
                        settings("replica-a"),
                        client(dir, "replica-a"),
                        LeaseWatchSource.NONE,
                        gateA,
                        ElectionEvents.NONE,
                        SystemClock.INSTANCE);
        b =
                new LeaseElector(
                        settings("replica-b"),
                        client(dir, "replica-b"),
                        LeaseWatchSource.NONE,
                        gateB,
                        ElectionEvents.NONE,
                        SystemClock.INSTANCE);

        a.start();
        await(() -> a.state().isLeader(), Duration.ofSeconds(5));
        b.start();
        await(() -> "replica-a".equals(b.state().holderIdentity()), Duration.ofSeconds(5));

        long watchUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() - watchUntil
                < 0) { // several renew periods: exactly one runner throughout
            assertTrue(gateA.isOpen(), "the leader keeps its gate open by renewing");
            assertFalse(gateB.isOpen());
            assertFalse(b.state().isLeader());
            Thread.sleep(20);
        }

        long stopped = System.nanoTime();
        a.stop();
        assertFalse(gateA.isOpen());
        await(() -> b.state().isLeader(), Duration.ofSeconds(3));
        long handOver = System.nanoTime() - stopped;
        assertTrue(
                handOver < LEASE.toNanos(),
                "released, not expired: " + handOver / 1_000_000 + " ms");
        assertTrue(gateB.isOpen());
        assertEquals(1, b.state().leaseTransitions());

        LeaseRecord stored = client(dir, "replica-a").get().orElseThrow().record();
        assertEquals("replica-b", stored.holderIdentity());
        assertEquals(5, stored.leaseDurationSeconds());
        assertEquals(1, stored.leaseTransitions());
    }

    private static void await(BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        Await.until("the condition", timeout, condition);
    }
}
