package io.leadergate.testapp.othertasks;

import java.util.TimerTask;
import java.util.concurrent.atomic.AtomicInteger;

/** Tasks from a package no pattern names: they must run on every replica, leader or not. */
public final class Heartbeat {

    public final AtomicInteger beats = new AtomicInteger();

    public Runnable task() {
        return () -> beats.incrementAndGet();
    }

    public TimerTask timerTask() {
        return new TimerTask() {
            @Override
            public void run() {
                beats.incrementAndGet();
            }
        };
    }
}
