package io.leadergate.it.clashing;

import io.leadergate.LeaderOnly;

/**
 * The app's singleton work, called every 50 ms on every replica; the agent lets only the leader in.
 */
final class ReconcileJob {

    private final RunLogFile runLog;
    private volatile boolean ranLastCall;

    ReconcileJob(RunLogFile runLog) {
        this.runLog = runLog;
    }

    @LeaderOnly
    void reconcile() throws InterruptedException {
        long startNanos = System.nanoTime();
        Thread.sleep(20);
        runLog.append(startNanos, System.nanoTime());
        ranLastCall = true;
    }

    void callForever() {
        boolean wasRunning = false;
        try {
            while (true) {
                ranLastCall = false;
                reconcile();
                if (ranLastCall != wasRunning) {
                    System.out.println(
                            runLog.replicaId()
                                    + ": "
                                    + (ranLastCall ? "running leader-only work" : "standing by"));
                    wasRunning = ranLastCall;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
