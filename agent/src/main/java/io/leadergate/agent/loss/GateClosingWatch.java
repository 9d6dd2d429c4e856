package io.leadergate.agent.loss;

import io.leadergate.agent.election.GateControl;
import io.leadergate.agent.log.AgentLog;
import io.leadergate.bootstrap.Gate;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Notices the gate closing, whoever closes it, and hands each closing to {@link LossReaction} once.
 * Only installed when {@code leadergate.on.loss} is not {@code continue}.
 *
 * <p>Two ways a gate closes, two observers:
 *
 * <ul>
 *   <li>The elector revokes it (another holder seen, renew deadline passed, stepDown, stop): this
 *       class sits between the elector and the gate, so it reacts on the elector's thread at once,
 *       before the elector reports the loss to listeners and before it releases the Lease.
 *   <li>The deadline passes while the elector is stalled (GC, a hung call, an unreachable API
 *       server it is still waiting for): a watchdog thread sleeps until the deadline of the current
 *       grant and reacts if no renewal has moved it.
 * </ul>
 *
 * <p>Invariant: after a grant, the first of the two to see the gate shut acts; the other finds the
 * watch disarmed. The next grant re-arms it. A closing shorter than the watchdog's wake-up (a
 * renewal landing within about a millisecond of the deadline) may go unnoticed; the renewal proves
 * no one else could have acquired the Lease meanwhile.
 */
public final class GateClosingWatch implements GateControl, Runnable {

    static final String THREAD_NAME = "leadergate-loss-watch";

    private final GateControl gate;
    private final LossReaction reaction;
    private final LongSupplier remainingNanos;
    private final Object lock = new Object();

    /** A grant has opened the gate and its closing has not been acted on yet. Guarded by lock. */
    private boolean armed;

    GateClosingWatch(GateControl gate, LossReaction reaction, LongSupplier remainingNanos) {
        this.gate = gate;
        this.reaction = reaction;
        this.remainingNanos = remainingNanos;
    }

    /** Wraps the bootstrap gate and starts the watchdog (a daemon thread). */
    public static GateControl around(GateControl gate, LossReaction reaction) {
        return around(gate, reaction, 0);
    }

    /** Wraps the bootstrap gate of {@code group} and starts its watchdog (a daemon thread). */
    public static GateControl around(GateControl gate, LossReaction reaction, int group) {
        GateClosingWatch watch =
                new GateClosingWatch(gate, reaction, () -> Gate.remainingNanos(group));
        Thread thread = new Thread(watch, group == 0 ? THREAD_NAME : THREAD_NAME + "-" + group);
        thread.setDaemon(true);
        thread.start();
        return watch;
    }

    @Override
    public void grantUntil(long deadlineNanos) {
        gate.grantUntil(deadlineNanos);
        synchronized (lock) {
            armed = true;
            lock.notifyAll();
        }
    }

    @Override
    public void revoke() {
        gate.revoke();
        closed("the elector closed the gate (leadership lost, handed over or stopping)");
    }

    @Override
    public long inFlight() {
        return gate.inFlight();
    }

    /** Acts on a closing unless one since the last grant has been acted on already. */
    void closed(String why) {
        synchronized (lock) {
            if (!armed) {
                return;
            }
            armed = false;
        }
        react(why);
    }

    /**
     * The watchdog read a passed deadline: acts on it as a closing, unless a renewal moved the
     * deadline between that read and now. Re-checked under the lock that grants take, so a renewal
     * either lands first (no loss, the watch stays armed for the renewed term) or after the disarm.
     */
    void deadlinePassed() {
        synchronized (lock) {
            if (!armed || remainingNanos.getAsLong() > 0) {
                return;
            }
            armed = false;
        }
        react(
                "the gate's deadline passed without a renewal (the elector is stalled or cannot reach the API server)");
    }

    private void react(String why) {
        try {
            reaction.gateClosed(why);
        } catch (RuntimeException failure) {
            AgentLog.once(
                    "on.loss.failed",
                    AgentLog.Level.WARN,
                    "on.loss: reacting to the gate closing failed: " + failure);
        }
    }

    @Override
    public void run() {
        try {
            while (true) {
                long remaining;
                synchronized (lock) {
                    while (!armed) {
                        lock.wait();
                    }
                    remaining = remainingNanos.getAsLong();
                    if (remaining > 0) {
                        // Woken early by a grant (or spuriously): the loop reads the new deadline.
                        lock.wait(TimeUnit.NANOSECONDS.toMillis(remaining) + 1);
                        continue;
                    }
                }
                deadlinePassed();
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }
}
