package io.leadergate.agent.startup;

import io.leadergate.agent.instrument.ClassLoadActivity;
import io.leadergate.bootstrap.Gate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * When a lazily started election begins, once its first gated class exists: not while the
 * application is still starting. The election's first turn (kubeconfig, TLS handshake, the Lease's
 * GET and PUT, some 1,200 JDK classes) took a second core from a Spring Boot start for 330 ms of
 * CPU (docs/design.md, "When the election starts"). It begins at the earliest of:
 *
 * <ul>
 *   <li>{@link Start#GATED_CALL}: a gated call is refused, or {@code io.leadergate.Leadership}
 *       answers "not leader" ({@link Gate#leadershipWanted()}): the application has begun its gated
 *       work and wants leadership now.
 *   <li>{@link Start#SETTLED}: no class (but the agent's own) has loaded for {@link #QUIET_NANOS}
 *       ({@link ClassLoadActivity}): the start-up is over.
 *   <li>{@link Start#CAP}: {@link #CAP_NANOS} after the first gated class, for an application that
 *       never stops loading classes.
 * </ul>
 *
 * <p>Waiting costs no safety: the gate stays shut until the elector has written the Lease, so a
 * gated call meanwhile is skipped as on a follower. {@code leadergate.eager=true} does not wait.
 * The waiting thread parks until the next moment a rule could hold, or until a refused call unparks
 * it; it never spins. Tests override the four sources of time and signals ({@link #nanoTime},
 * {@link #lastClassLoadNanos}, {@link #leadershipWanted}, {@link #park}); production needs no
 * object for them.
 */
class ElectionWait {

    /**
     * How long no class (but the agent's own) may load before the start-up counts as settled.
     * Measured on this project's 2-core host under load (load average 3-4.4; docs/design.md, "When
     * the election starts"): the largest gap between two class loads before the Spring Boot
     * it-app's "started" line was 8-40 ms in 10 of 12 runs, 105 ms (Java 17) and 118 ms (Java 25)
     * once each; plain apps, up to 72 ms inside the JDK's launcher, before main. 200 ms clears
     * every gap seen; a longer one mid-start only starts the election early, as before this rule.
     * Apps whose gated work begins with their start never wait for it ({@link Start#GATED_CALL}).
     */
    static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    /**
     * The longest the election waits after the first gated class, however busy the class loading:
     * an application that keeps generating classes (a scripting engine, a plugin scan) still
     * elects. The Spring Boot it-app loads its gated class some 1 s before it has started, even on
     * Java 25 under load (3.1 s to start in all); 5 s covers slower starts without leaving a
     * replica out of the election for long.
     */
    static final long CAP_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Which rule began the election. */
    enum Start {
        GATED_CALL("a gated call or a Leadership query found it not started"),
        SETTLED("no class loaded for " + millis(QUIET_NANOS) + " ms"),
        CAP("still loading classes " + millis(CAP_NANOS) + " ms after the first gated class");

        private final String why;

        Start(String why) {
            this.why = why;
        }

        @Override
        public String toString() {
            return why;
        }
    }

    /** {@link #nanoTime} when the first gated class was registered. */
    private final long firstGatedNanos;

    /**
     * @param firstGatedNanos {@link #nanoTime} when the first gated class was registered
     */
    ElectionWait(long firstGatedNanos) {
        this.firstGatedNanos = firstGatedNanos;
    }

    /**
     * The production wait, armed now (the first gated class was just registered, on the thread
     * loading it): refused calls from here on unpark {@code waiter}, the election start thread,
     * which need not have started yet (then {@link Gate#leadershipWanted()} tells it).
     */
    static ElectionWait armed(Thread waiter) {
        Gate.notifyWhenWanted(waiter);
        return new ElectionWait(System.nanoTime());
    }

    /** Monotonic nanos, the unit of every field here. */
    long nanoTime() {
        return System.nanoTime();
    }

    /** {@link #nanoTime} at the last class load but the agent's own. */
    long lastClassLoadNanos() {
        return ClassLoadActivity.lastNanos();
    }

    /** Whether a gated call was refused (or leadership asked for) since the wait was armed. */
    boolean leadershipWanted() {
        return Gate.leadershipWanted();
    }

    /** Waits up to {@code nanos}; may return early (a refused call unparks this thread). */
    void park(long nanos) {
        LockSupport.parkNanos(nanos);
    }

    /** {@link #firstGatedNanos}, for the log. */
    long firstGatedNanos() {
        return firstGatedNanos;
    }

    /**
     * Parks until a rule holds; returns which. Unhooks the refused-call signal before returning.
     */
    Start await() {
        try {
            while (true) {
                long now = nanoTime();
                long last = lastClassLoadNanos();
                Start start = due(now, last);
                if (start != null) {
                    return start;
                }
                park(nanosUntilDue(now, last));
            }
        } finally {
            Gate.notifyWhenWanted(null);
        }
    }

    /** The rule that holds at {@code now}, the last class load at {@code last}; null: none yet. */
    Start due(long now, long last) {
        if (leadershipWanted()) {
            return Start.GATED_CALL;
        }
        if (now - quietSince(last) >= QUIET_NANOS) {
            return Start.SETTLED;
        }
        if (now - firstGatedNanos >= CAP_NANOS) {
            return Start.CAP;
        }
        return null;
    }

    /** Nanos from {@code now} until {@link #SETTLED} or {@link #CAP} could hold; at least 1. */
    long nanosUntilDue(long now, long last) {
        long settled = quietSince(last) + QUIET_NANOS - now;
        long capped = firstGatedNanos + CAP_NANOS - now;
        return Math.max(1, Math.min(settled, capped));
    }

    /**
     * The quiet is counted from the last class load, but never from before the first gated class.
     */
    private long quietSince(long last) {
        return last - firstGatedNanos > 0 ? last : firstGatedNanos;
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
