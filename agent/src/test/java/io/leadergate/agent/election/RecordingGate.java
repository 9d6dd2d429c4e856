package io.leadergate.agent.election;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tests' gate: a gate of its own per elector on {@code clock} (the fake clock, or {@link
 * SystemClock} like the bootstrap Gate, for several electors in one test JVM), that remembers its
 * deadline and every grant and revoke, with a settable count of gated calls in flight (none unless
 * a test says so).
 */
public final class RecordingGate implements GateControl {

    private final MonotonicClock clock;
    private volatile long deadline;
    final List<String> events = new ArrayList<>();

    /** Admitted gated calls "running", as the elector sees them. */
    final AtomicLong callsInFlight = new AtomicLong();

    public RecordingGate(MonotonicClock clock) {
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

    public boolean isOpen() {
        return clock.nanoTime() - deadline < 0;
    }

    public long deadline() {
        return deadline;
    }

    synchronized int count(String event) {
        return (int) events.stream().filter(event::equals).count();
    }
}
