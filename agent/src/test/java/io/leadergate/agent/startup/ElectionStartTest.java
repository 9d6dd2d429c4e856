package io.leadergate.agent.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.leadergate.agent.election.ElectionEvents;
import io.leadergate.agent.election.ElectionSettings;
import io.leadergate.agent.election.GateControl;
import io.leadergate.agent.election.LeaseClient;
import io.leadergate.agent.election.LeaseElector;
import io.leadergate.agent.election.LeaseRecord;
import io.leadergate.agent.election.LeaseSnapshot;
import io.leadergate.agent.election.LeaseWatchSource;
import io.leadergate.agent.election.RecordingGate;
import io.leadergate.agent.election.SystemClock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The elector's stop hook exists before the elector runs. */
class ElectionStartTest {

    private static final GateControl NO_GATE = new RecordingGate(SystemClock.INSTANCE);

    /** A Lease held by someone else for good: the elector only reads. */
    private static final LeaseClient HELD_ELSEWHERE =
            new LeaseClient() {
                @Override
                public Optional<LeaseSnapshot> get() {
                    return Optional.of(
                            new LeaseSnapshot(
                                    new LeaseRecord("other", 3600, null, null, 0, null, null),
                                    "1",
                                    null));
                }

                @Override
                public LeaseSnapshot create(LeaseRecord record) {
                    throw new AssertionError("no create expected");
                }

                @Override
                public LeaseSnapshot update(LeaseSnapshot base, LeaseRecord next) {
                    throw new AssertionError("no update expected");
                }
            };

    private static LeaseElector elector() {
        return new LeaseElector(
                new ElectionSettings(
                        "shop",
                        "election-start",
                        "me",
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(2)),
                HELD_ELSEWHERE,
                LeaseWatchSource.NONE,
                NO_GATE,
                ElectionEvents.NONE,
                SystemClock.INSTANCE);
    }

    /** Runs {@code action} on a thread of a fresh group: threads it starts join that group. */
    private static void runInOwnGroup(Runnable action) throws InterruptedException {
        ThreadGroup group = new ThreadGroup("election-start-test");
        Thread starter = new Thread(group, action, "starter");
        starter.start();
        starter.join(Duration.ofSeconds(10).toMillis());
    }

    @Test
    void theStopHookIsRegisteredBeforeTheElectorThreadStarts() throws Exception {
        LeaseElector elector = elector();
        AtomicInteger threadsWhenRegistered = new AtomicInteger(-1);
        runInOwnGroup(
                () ->
                        ElectionStart.startElecting(
                                elector,
                                hook ->
                                        threadsWhenRegistered.set(
                                                Thread.currentThread()
                                                        .getThreadGroup()
                                                        .activeCount())));
        elector.stop();
        assertEquals(
                1,
                threadsWhenRegistered.get(),
                "only the starting thread: no elector ran before its stop hook existed");
    }

    @Test
    void anElectorWhoseHookIsRefusedNeverStarts() throws Exception {
        LeaseElector elector = elector();
        AtomicInteger threadsAfter = new AtomicInteger(-1);
        runInOwnGroup(
                () -> {
                    assertThrows(
                            IllegalStateException.class,
                            () ->
                                    ElectionStart.startElecting(
                                            elector,
                                            hook -> {
                                                throw new IllegalStateException(
                                                        "Shutdown in progress"); // SIGTERM came
                                                // first
                                            }));
                    threadsAfter.set(Thread.currentThread().getThreadGroup().activeCount());
                });
        elector.stop();
        assertEquals(1, threadsAfter.get(), "no elector thread runs without its stop hook");
    }
}
