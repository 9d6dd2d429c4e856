package io.leadergate.agent.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.devserver.FaultPlan;
import io.leadergate.devserver.RequestCounts;
import io.leadergate.testsupport.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KubeLeaseWatch} and the watching elector against the real dev API server over TLS: the
 * request counts it keeps per client show who sends what.
 */
class LeaseElectorWatchDevServerTest extends TwoElectorsOnDevServer {

    LeaseElectorWatchDevServerTest() {
        super("watched");
    }

    private LeaseElector watching(Path dir, String identity, GateControl gate) throws Exception {
        KubeLeaseClient client = client(dir, identity);
        return new LeaseElector(
                settings(identity),
                client,
                client.watchSource(),
                gate,
                ElectionEvents.NONE,
                SystemClock.INSTANCE);
    }

    @Test
    void theFollowerSendsNothingTheLeaderOnlyUpdatesAndAReleaseIsTakenAtOnce(@TempDir Path dir)
            throws Exception {
        RecordingGate gateB = new RecordingGate(SystemClock.INSTANCE);
        a = watching(dir, "replica-a", new RecordingGate(SystemClock.INSTANCE));
        b = watching(dir, "replica-b", gateB);
        a.start();
        await(() -> a.state().isLeader(), Duration.ofSeconds(10));
        b.start();
        await(
                () -> "replica-a".equals(b.state().holderIdentity()) && server.openWatches() == 2,
                Duration.ofSeconds(10));

        Thread.sleep(2 * RETRY.toMillis()); // settle: a turn polled before the watch opened may
        // still be in flight
        server.resetRequestCounts();
        Thread.sleep(2000); // a window of several retry periods; counts, not timings, are asserted
        RequestCounts counts = server.requestCounts();
        assertEquals(0, counts.total("replica-b"), "a watching follower sends nothing: " + counts);
        assertEquals(
                0,
                counts.count("replica-a", "get"),
                "the leader renews on its cached object: " + counts);
        assertTrue(counts.count("replica-a", "update") >= 2, "the leader renews: " + counts);
        assertEquals(
                counts.count("replica-a", "update"),
                counts.total("replica-a"),
                "nothing but renewals: " + counts);

        a.stop();
        await(() -> b.state().isLeader(), Duration.ofSeconds(4)); // well before the 5 s expiry
        assertTrue(gateB.isOpen());
        assertEquals(1, b.state().leaseTransitions());
    }

    @Test
    void theLeadersRenewalsShareOneKeptAliveConnection(@TempDir Path dir) throws Exception {
        a = watching(dir, "replica-a", new RecordingGate(SystemClock.INSTANCE));
        a.start();
        await(() -> a.state().isLeader() && server.openWatches() == 1, Duration.ofSeconds(10));
        server.resetRequestCounts();
        await(
                () -> server.requestCounts().count("replica-a", "update") >= 8,
                Duration.ofSeconds(15));
        RequestCounts counts = server.requestCounts();
        // One connection; a second only if a renewal timed out on a loaded machine (a timed-out
        // connection is closed, never reused).
        assertTrue(
                counts.connections("replica-a") <= 2,
                "8 renewals on one kept-alive connection: " + counts);
    }

    @Test
    void aWatchResumedPastTheServersHistoryListsAgain(@TempDir Path dir) throws Exception {
        a = watching(dir, "replica-a", new RecordingGate(SystemClock.INSTANCE));
        b = watching(dir, "replica-b", new RecordingGate(SystemClock.INSTANCE));
        a.start();
        b.start();
        await(
                () -> server.openWatches() == 2 && (a.state().isLeader() || b.state().isLeader()),
                Duration.ofSeconds(10));
        LeaseElector follower = a.state().isLeader() ? b : a;
        String followerName = follower == a ? "replica-a" : "replica-b";
        server.resetRequestCounts();
        // The follower's next watch waits 600 ms in the server (under the 1 s call timeout) while a
        // renewal moves on and the history is compacted: it resumes from a version the server no
        // longer has, gets 410 and lists again.
        server.faults()
                .set(FaultPlan.none().withLatency(Duration.ofMillis(600)).forClients(followerName));
        server.faults().dropWatches(followerName);
        Thread.sleep(400); // more than one renew period: the leader has written since the drop
        server.compact();
        await(
                () -> server.requestCounts().count(followerName, "watch") >= 2,
                Duration.ofSeconds(15));
        RequestCounts counts = server.requestCounts();
        // (A slow list may also make the elector poll once meanwhile; the watch still recovers.)
        assertTrue(counts.count(followerName, "get") >= 1, "a list after the 410: " + counts);
        server.faults().clear();
        await(() -> server.openWatches() == 2, Duration.ofSeconds(10));

        Thread.sleep(2 * RETRY.toMillis());
        server.resetRequestCounts();
        Thread.sleep(1000);
        counts = server.requestCounts();
        assertEquals(0, counts.total(followerName), "watching again, not polling: " + counts);
        assertFalse(follower.state().isLeader());
    }

    private void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        Await.until(
                "the condition",
                timeout,
                condition,
                () ->
                        "requests "
                                + server.requestCounts()
                                + ", open watches "
                                + server.openWatches());
    }
}
