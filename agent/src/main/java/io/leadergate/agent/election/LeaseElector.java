package io.leadergate.agent.election;

import io.leadergate.agent.log.AgentLog;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Leader election on one Kubernetes Lease with client-go {@code tools/leaderelection} semantics, so
 * a Go controller and this JVM reading the same Lease agree on who leads.
 *
 * <p>One daemon thread ({@code leadergate-elector}) runs {@link LeaseStateMachine#step()} forever: a contender
 * takes the Lease when free or expired; the leader renews it with one UPDATE per retry period (a GET
 * only after a conflict). It never exits on its own: a lost leader goes back to contending.
 *
 * <p>Watching ({@link #forKubernetes} with {@code watch} true, the default): a second daemon thread
 * ({@code leadergate-watch}) keeps one watch on the Lease open and hands every change to the elector
 * thread, which wakes at once. So a contender sends nothing while the holder renews, acquires the
 * moment a release arrives, and otherwise when its local expiry timer fires. Where the server
 * refuses or cannot serve watches, one warning, then polling: a GET every retry period, as client-go.
 *
 * <p>Invariants:
 * <ul>
 *   <li>The gate is granted only until {@code t0 + renewDeadline}, where {@code t0} is the local
 *       monotonic time just before the successful write was sent. A late response cannot extend it.
 *   <li>Another holder's lease is judged expired only after its record stayed unchanged for the
 *       record's {@code leaseDurationSeconds} of <em>local</em> time since we first observed it. Remote
 *       timestamps are never compared with a local clock (clock skew is tolerated, skew rate is not).
 *   <li>Hence, with {@code renewDeadline < leaseDuration}, our gate closes before any other replica
 *       may legally acquire, without any action by this thread (GC pause, SIGSTOP, hung call).
 *   <li>A watching leader closes the gate the moment its watch shows the Lease deleted or held by
 *       another identity (after the echo of its own last write), without waiting for a renewal.
 *   <li>The gate is closed before leadership is reported lost and before the Lease is released.
 *   <li>The release is the last write: the elector thread sends it after its last call, and sends
 *       no acquire or renew once stopping.
 *   <li>A graceful hand-over ({@link #stop()}, {@link #stepDown()}) releases the Lease only once no
 *       admitted gated call is still running: it holds the gate shut, keeps renewing, and waits for
 *       them ({@link GatedCallDrain}, at most {@code leadergate.shutdown.drain}). So a successor,
 *       which may acquire the moment the release lands, never overlaps with one of our calls.
 * </ul>
 *
 * <p>Not guaranteed (as in client-go): fencing. A replica whose clock runs much slower than others,
 * or a human who deletes or edits the Lease, can make two replicas lead at once for up to
 * {@code renewDeadline}. Release on {@link #stop()} is best effort; if it fails the Lease expires.
 */
public final class LeaseElector {

    /** {@code leadergate.shutdown.drain}'s default: Kubernetes' default terminationGracePeriodSeconds. */
    public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(30);

    private final ElectionSettings settings;
    private final LeaseClient client;
    private final MonotonicClock clock;
    private final LeadershipListeners listeners = new LeadershipListeners();
    private final LeaseStateMachine machine;
    private final WatchFeed feed;
    private final LeaseRelease release;
    private final GracefulHandOver handOver;
    private volatile Thread thread;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();

    /**
     * @param clock must share units with {@code gate} ({@link SystemClock} with {@link GateControl#BOOTSTRAP})
     */
    public LeaseElector(ElectionSettings settings, LeaseClient client, MonotonicClock clock, GateControl gate,
                        LeadershipListener... listeners) {
        this(settings, client, WatchFeed.polling(), clock, gate, listeners);
    }

    /**
     * An elector on a Kubernetes API server that watches the Lease when {@code watch} is true
     * ({@code leadergate.watch}), else polls it every retry period.
     *
     * @param clock must share units with {@code gate} ({@link SystemClock} with {@link GateControl#BOOTSTRAP})
     */
    public static LeaseElector forKubernetes(ElectionSettings settings, KubeLeaseClient client, boolean watch,
                                             MonotonicClock clock, GateControl gate) {
        return forKubernetes(settings, client, client, watch, clock, gate, DEFAULT_DRAIN);
    }

    /**
     * As {@link #forKubernetes(ElectionSettings, KubeLeaseClient, boolean, MonotonicClock, GateControl)},
     * with the elector's Lease API calls going through {@code calls}: {@code client} or a decorator of
     * it (the agent's metrics time every call). Watches still use {@code client}.
     *
     * @param drainBound how long a graceful hand-over waits at most for gated calls in flight
     *                   ({@code leadergate.shutdown.drain}); zero or more
     */
    public static LeaseElector forKubernetes(ElectionSettings settings, KubeLeaseClient client, LeaseClient calls,
                                             boolean watch, MonotonicClock clock, GateControl gate, Duration drainBound) {
        WatchFeed feed = watch ? WatchFeed.watching(settings, client, client.watchSource(), clock) : WatchFeed.polling();
        return new LeaseElector(settings, calls, feed, clock, gate, drainBound, CallsInFlight.BOOTSTRAP);
    }

    /** Tests: any client and watch source. */
    LeaseElector(ElectionSettings settings, LeaseClient client, WatchFeed feed, MonotonicClock clock, GateControl gate,
                 LeadershipListener... listeners) {
        this(settings, client, feed, clock, gate, DEFAULT_DRAIN, CallsInFlight.BOOTSTRAP, listeners);
    }

    /** Tests: any client, watch source and count of gated calls in flight. */
    LeaseElector(ElectionSettings settings, LeaseClient client, WatchFeed feed, MonotonicClock clock, GateControl gate,
                 Duration drainBound, CallsInFlight calls, LeadershipListener... listeners) {
        this.feed = feed;
        this.settings = settings;
        this.client = client;
        this.clock = clock;
        for (LeadershipListener listener : listeners) {
            this.listeners.add(listener);
        }
        HoldableGate holdable = new HoldableGate(gate);
        this.release = new LeaseRelease(settings, client, clock, calls);
        this.machine = new LeaseStateMachine(settings, client, clock, holdable, this.listeners, feed, release);
        this.handOver = new GracefulHandOver(settings, holdable,
                new GatedCallDrain(calls, drainBound, clock, settings.leaseKey()), machine);
        machine.handOverWith(() -> !stopped.get() && handOver.stepDown());
    }

    public void addListener(LeadershipListener listener) {
        listeners.add(listener);
    }

    /** The latest snapshot; never blocks. */
    public LeadershipState state() {
        return machine.state();
    }

    /** Starts the elector thread. Later calls, and calls after {@link #stop()}, do nothing. */
    public void start() {
        if (stopped.get() || !started.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(this::run, "leadergate-elector");
        t.setDaemon(true);
        thread = t;
        t.start();
        feed.start();
    }

    /**
     * Graceful stop, from the agent's shutdown hook: closes the gate for good; if leading, waits for
     * the gated calls in flight (renewing meanwhile, at most the drain bound); then stops the thread
     * and, if the last record names us and no gated call runs, releases the Lease (a successor may
     * acquire the moment the release lands).
     *
     * <p>When calls are still running after the drain bound, one warning, and the elector goes on
     * renewing with the gate shut until the JVM halts: no successor can start while they may run,
     * and the Lease expires one lease duration after the JVM is gone. Idempotent; returns within the
     * drain bound plus 2 × the release budget (the call in flight, then the release). The release is
     * sent by the elector thread after its last call: nothing writes after the release.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        if (!handOver.drainBeforeStop()) {
            return; // calls outlived the drain: keep renewing, gate shut, until the JVM halts
        }
        boolean wasLeading = machine.halt();
        try {
            feed.stop();
        } catch (RuntimeException | Error failure) {
            // Closing a watch stream must never cost the release: a successor would wait for expiry.
            AgentLog.debug("stopping the Lease watch failed: " + failure);
        }
        Thread t = thread;
        if (t == null) {
            releaseIfHeld(); // never started: no other thread can write
        } else if (t != Thread.currentThread()) {
            // The elector thread releases as its last act, after the call it may have in flight:
            // so the release is the last write, and no renew answered after it can claim again.
            t.interrupt();
            try {
                t.join(2 * settings.releaseBudget().toMillis()); // the call in flight, then the release
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                AgentLog.warn("lease " + settings.leaseKey() + ": an API call was still in flight after "
                        + settings.releaseBudget().toMillis() + " ms; the release follows it if this JVM lives "
                        + "that long, else other replicas take over once the lease expires (" + settings.leaseDuration() + ")");
            }
        }
        machine.publishStopped();
        if (wasLeading) {
            listeners.stoppedLeading(machine.state());
        }
    }

    /**
     * Planned hand-over (maintenance): closes the gate at once; once no admitted gated call is
     * running (waited for on a {@code leadergate-step-down} thread, renewing meanwhile, at most the
     * drain bound), within one retry period the elector thread releases the Lease as {@link #stop()}
     * does, then rests at least one lease duration before contending again, so another replica takes
     * over. The elector keeps running. When calls still run after the drain bound, the step-down is
     * abandoned with one warning: this replica leads on and its gate reopens at the next renewal.
     *
     * @return false, and nothing happens, when this replica is not leading, is stopped, or is
     *         already stepping down
     */
    public boolean stepDown() {
        return !stopped.get() && handOver.stepDown();
    }

    /** Tests: whether the elector thread is waiting out a pause (or blocked in a fake call). */
    boolean isPausing() {
        Thread t = thread;
        Thread.State state = t == null ? null : t.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    /** One turn of the state machine; returns the pause before the next, nanos. Tests drive this. */
    long step() {
        return machine.step();
    }

    private void run() {
        AgentLog.info("electing leader of lease " + settings.leaseKey() + " as " + settings.identity());
        try {
            elect();
        } finally {
            releaseIfHeld(); // halted: nothing writes after this
        }
    }

    /** client-go's ReleaseOnCancel, on the thread that made the last write, once no other can follow. */
    private void releaseIfHeld() {
        LeaseSnapshot held = machine.lastSnapshot();
        if (held != null && held.record().isHeldBy(settings.identity())) {
            release.release(held, settings.releaseBudget().toMillis());
        }
    }

    private void elect() {
        while (!machine.halted()) {
            long pauseNanos;
            try {
                pauseNanos = machine.step();
            } catch (Throwable t) {
                if (machine.halted()) {
                    break;
                }
                pauseNanos = machine.unexpected(t);
            }
            // A contender's pause ends early when the watch posts a change. Interrupts end it too:
            // only stop() means them (and it halts the machine first); others are ignored.
            feed.pause(clock, pauseNanos, !machine.isLeading());
        }
    }
}
