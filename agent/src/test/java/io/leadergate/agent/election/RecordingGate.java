package io.leadergate.agent.election;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gate on the fake clock that remembers its deadline and every grant and revoke, with a settable
 * count of gated calls in flight (none unless a test says so).
 */
final class RecordingGate implements GateControl {

    private final FakeClock clock;
    private volatile long deadline;
    final List<String> events = new ArrayList<>();

    /** Admitted gated calls "running", as the elector sees them. */
    final AtomicLong callsInFlight = new AtomicLong();

    RecordingGate(FakeClock clock) {
        this.clock = clock;
        this.deadline = clock.nanoTime();
    }

    @Override
    public synchronized void grantUntil(long deadlineNanos) {
        deadline = deadlineNanos;
        events.add("grant");
    }

    @Override
    public synchronized void revoke() {
        deadline = clock.nanoTime() - 1;
        events.add("revoke");
    }

    @Override
    public long inFlight() {
        return callsInFlight.get();
    }

    boolean isOpen() {
        return clock.nanoTime() - deadline < 0;
    }

    long deadline() {
        return deadline;
    }

    synchronized int count(String event) {
        return (int) events.stream().filter(event::equals).count();
    }
}
