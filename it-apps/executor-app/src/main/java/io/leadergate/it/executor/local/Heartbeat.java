package io.leadergate.it.executor.local;

import io.leadergate.it.executor.RunRecorder;

/**
 * Per-replica work from a package no pattern names: it must run on every replica, leader or not.
 */
public final class Heartbeat {

    private Heartbeat() {}

    public static Runnable task(RunRecorder recorder) {
        return () -> {
            long now = System.nanoTime();
            recorder.record(now, now + 1);
        };
    }
}
