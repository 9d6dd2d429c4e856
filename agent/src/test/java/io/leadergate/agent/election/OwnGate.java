package io.leadergate.agent.election;

/**
 * A gate of its own per elector, on System.nanoTime like the bootstrap Gate: several electors in
 * one test JVM.
 */
final class OwnGate implements GateControl {
    private volatile long deadline = System.nanoTime();

    @Override
    public void grantUntil(long deadlineNanos) {
        deadline = deadlineNanos;
    }

    @Override
    public void revoke() {
        deadline = System.nanoTime() - 1;
    }

    @Override
    public long inFlight() {
        return 0;
    }

    boolean isOpen() {
        return System.nanoTime() - deadline < 0;
    }
}
