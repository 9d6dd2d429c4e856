package io.leadergate.agent.election;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * The watch, as the elector sees it: the {@link LeaseWatcher} thread it starts and stops, whether
 * the elector may rely on it ({@link #isLive()}), and the hand-off from that thread to the elector
 * thread: the Lease states the watch observed, in order, and the elector's pause between turns, cut
 * short the moment anything arrives. The elector thread alone decides what an observation means, so
 * every timing rule stays in {@link LeaseElector}. Built with {@link LeaseWatchSource#NONE}, it is
 * the inbox of an elector that polls ({@code leadergate.watch=false}): never live, nothing
 * observed, plain pauses.
 *
 * <p>The pause is {@link MonotonicClock#sleepNanos} (so fake clocks drive it in tests), ended early
 * by interrupting the elector thread. The interrupt is sent only while that thread is inside {@link
 * #pause} (tracked under this object's lock) and cleared before it leaves, so a watch event can
 * never interrupt an API call of the elector's turn.
 */
final class WatchInbox {

    /** One state of the Lease as the watch saw it. */
    static final class Observation {
        /** Null: the Lease was deleted. */
        final LeaseSnapshot snapshot;

        /** Local monotonic nanos when the event was received: the start of an expiry wait. */
        final long receivedAtNanos;

        Observation(LeaseSnapshot snapshot, long receivedAtNanos) {
            this.snapshot = snapshot;
            this.receivedAtNanos = receivedAtNanos;
        }
    }

    /**
     * Looks at each observation on the watch thread, before the elector's turn; true: wake even a
     * leader.
     */
    interface Observer {
        boolean urgent(LeaseSnapshot snapshot);
    }

    private final Queue<Observation> observations = new ArrayDeque<>();
    private final Observer observer;

    /** Null when polling. */
    private final LeaseWatcher watcher;

    /** The watch thread, once started. Guarded by this. */
    private Thread thread;

    /** The elector thread while it pauses in {@link #pause}, else null. */
    private Thread pausing;

    /**
     * Whether the pause in progress ends on any observation (a contender's) or only on urgent ones.
     */
    private boolean pausingWakesOnChange;

    /** A {@link #wake()} arrived while the elector was not pausing: its next pause is skipped. */
    private boolean wakePending;

    /**
     * An urgent observation arrived while the elector was not pausing: its next pause is skipped.
     */
    private boolean urgentPending;

    /**
     * @param source {@link LeaseWatchSource#NONE}: polling, no watch thread
     * @param observer sees every observation on the watch thread first: the leader's check of its
     *     own watch
     */
    WatchInbox(
            ElectionSettings settings,
            LeaseClient client,
            LeaseWatchSource source,
            MonotonicClock clock,
            Observer observer) {
        this.observer = observer;
        this.watcher =
                source == LeaseWatchSource.NONE
                        ? null
                        : new LeaseWatcher(settings, client, source, clock, this);
    }

    /** True while the watch is open: contenders wait for events instead of polling. */
    boolean isLive() {
        return watcher != null && watcher.isLive();
    }

    /** Starts the watch thread (no-op when polling or already started). */
    synchronized void start() {
        if (watcher == null || thread != null) {
            return;
        }
        Thread t = new Thread(watcher, "leadergate-watch");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Ends the watch and its thread; idempotent. */
    void stop() {
        if (watcher == null) {
            return;
        }
        watcher.stop();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
        }
    }

    /** Watch thread: a new state of the Lease ({@code snapshot} null when deleted). */
    void post(LeaseSnapshot snapshot, long receivedAtNanos) {
        boolean urgent = observer.urgent(snapshot);
        synchronized (this) {
            observations.add(new Observation(snapshot, receivedAtNanos));
            if (urgent) {
                urgentPending = true;
                interruptPause();
            } else if (pausingWakesOnChange) {
                interruptPause();
            }
        }
    }

    /** Watch thread: nothing observed, but the watch's health changed; the elector re-plans. */
    synchronized void wake() {
        wakePending = true;
        if (pausingWakesOnChange) {
            interruptPause();
        }
    }

    /** Elector thread: everything posted since the last call, oldest first. */
    synchronized List<Observation> drain() {
        List<Observation> all = new ArrayList<>(observations);
        observations.clear();
        return all;
    }

    /**
     * Elector thread: waits {@code nanos} on {@code clock}; with {@code wakeOnChange}, less if
     * something is posted meanwhile (or was posted since the last {@link #drain()}). A leader
     * passes false: the watch echoes each of its renewals, which must not start the next one; only
     * an urgent observation (the {@link Observer} ended its term) wakes it. Returns early, too,
     * when the thread is interrupted for another reason ({@link LeaseElector#stop()} halts first).
     */
    void pause(MonotonicClock clock, long nanos, boolean wakeOnChange) {
        synchronized (this) {
            if (urgentPending || (wakeOnChange && (!observations.isEmpty() || wakePending))) {
                wakePending = false;
                urgentPending = false;
                return;
            }
            pausing = Thread.currentThread();
            pausingWakesOnChange = wakeOnChange;
        }
        try {
            clock.sleepNanos(nanos);
        } catch (InterruptedException e) {
            // Woken by a post, or by stop(); the caller looks at what happened either way.
        } finally {
            synchronized (this) {
                pausing = null;
                pausingWakesOnChange = false;
                wakePending = false;
                urgentPending = false;
                Thread.interrupted(); // a post that raced with the end of the sleep must not hit
                // the next turn
            }
        }
    }

    private void interruptPause() {
        if (pausing != null) {
            pausing.interrupt();
            pausing = null;
        }
    }
}
