package io.leadergate.testapp.tasks;

import java.util.TimerTask;
import java.util.concurrent.atomic.AtomicInteger;

/** A TimerTask in a gated package: its own {@code run()} is woven. */
public final class Cleanup extends TimerTask {

    public final AtomicInteger bodies = new AtomicInteger();

    @Override
    public void run() {
        bodies.incrementAndGet();
    }
}
