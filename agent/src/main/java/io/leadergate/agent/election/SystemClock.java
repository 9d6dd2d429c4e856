package io.leadergate.agent.election;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** {@link System#nanoTime()} and {@link Instant#now()}: the clock of production. */
public final class SystemClock implements MonotonicClock {

    public static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {}

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public void sleepNanos(long nanos) throws InterruptedException {
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }
}
