package io.leadergate.agent.election;

import io.leadergate.agent.log.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Shared setup: fake clock, fake Lease, recording gate, a settable count of gated calls in flight
 * (none unless a test says so), captured log; 15 s / 10 s / 2 s timings, 30 s drain bound.
 */
abstract class ElectorFixture {

    static final Duration LEASE_DURATION = Duration.ofSeconds(15);
    static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
    static final Duration RETRY = Duration.ofSeconds(2);
    static final Duration DRAIN = Duration.ofSeconds(30);
    static final String ME = "me";
    static final String OTHER = "other";
    private static final AtomicInteger LEASES = new AtomicInteger();

    final FakeClock clock = new FakeClock();
    final FakeLeaseClient api = new FakeLeaseClient();
    final RecordingGate gate = new RecordingGate(clock);

    /** Admitted gated calls "running" in this test's JVM, as the elector sees them. */
    final AtomicLong callsInFlight = gate.callsInFlight;

    /** Unique per test: AgentLog.once keys are process-wide and include the lease. */
    final String leaseName = "lease-" + LEASES.incrementAndGet();

    private final ByteArrayOutputStream logBuffer = new ByteArrayOutputStream();

    @BeforeEach
    void captureLog() {
        AgentLog.setOutput(new PrintStream(logBuffer, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLog() {
        AgentLog.setOutput(System.err);
    }

    ElectionSettings settings(String identity) {
        return new ElectionSettings(
                "shop", leaseName, identity, LEASE_DURATION, RENEW_DEADLINE, RETRY, DRAIN);
    }

    /** A polling elector on the fake Lease, clock and gate. */
    LeaseElector elector(String identity, ElectionEvents... listeners) {
        return new LeaseElector(
                settings(identity),
                api,
                LeaseWatchSource.NONE,
                gate,
                ElectionEvents.all(List.of(listeners)),
                clock);
    }

    String log() {
        return logBuffer.toString(StandardCharsets.UTF_8);
    }

    long logLines(String fragment) {
        return log().lines().filter(l -> l.contains(fragment)).count();
    }

    /** A record as another replica writes it. */
    static LeaseRecord heldBy(
            String holder, int durationSeconds, Instant renewTime, int transitions) {
        return new LeaseRecord(
                holder, durationSeconds, renewTime, renewTime, transitions, null, null);
    }
}
