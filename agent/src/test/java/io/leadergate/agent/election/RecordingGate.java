package io.leadergate.agent.election;

import java.util.ArrayList;
import java.util.List;

/** A gate on the fake clock that remembers its deadline and every grant and revoke. */
final class RecordingGate implements GateControl {

    private final FakeClock clock;
    private volatile long deadline;
    final List<String> events = new ArrayList<>();

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
