package io.leadergate.bootstrap;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The threads currently inside admitted gated calls, so that {@code leadergate.on.loss=interrupt}
 * can interrupt them when the gate closes. Only the tracking advice (chosen at weave time when that
 * mode is configured) and the executor task wrappers (when {@link #isTracking()}) call in here; in
 * every other mode gated calls never touch this class.
 *
 * <p>Invariant: a thread is registered <em>before</em> it reads the gate and stays registered until
 * its gated call returns or throws. So whoever closes the gate and then calls {@link #interruptAll}
 * reaches every call admitted before the close; a call that starts later is refused by the gate. A
 * thread is interrupted only while it is registered (checked under its record's lock), so a pool
 * thread that has already left its gated call is never interrupted for it.
 *
 * <p>Nested gated calls on one thread count as one (depth). Must stay tiny and dependency-free: it
 * is loaded by the bootstrap loader.
 */
public final class InFlightCalls {

    private static volatile boolean tracking;
    private static final Set<Call> ACTIVE = ConcurrentHashMap.newKeySet();
    private static final ThreadLocal<Call> CURRENT =
            new ThreadLocal<Call>() {
                @Override
                protected Call initialValue() {
                    return new Call(Thread.currentThread());
                }
            };

    private InFlightCalls() {}

    /**
     * Turns tracking on for the executor task wrappers; set once by the agent before instrumenting.
     */
    public static void enableTracking() {
        tracking = true;
    }

    /**
     * Whether gated calls are tracked (the agent was configured with {@code on.loss=interrupt}).
     */
    public static boolean isTracking() {
        return tracking;
    }

    /**
     * {@link Gate#admit} for tracked calls: registers the current thread, then asks the gate. When
     * it returns true the caller must call {@link #leave(int)} with the same id once the gated call
     * ends, however it ends.
     */
    public static boolean admit(int methodId) {
        Call call = CURRENT.get();
        call.enter();
        if (Gate.admit(methodId)) {
            return true;
        }
        call.leave();
        return false;
    }

    /**
     * The admitted gated call with this id on this thread has returned or thrown ({@link
     * Gate#leave} too).
     */
    public static void leave(int methodId) {
        CURRENT.get().leave();
        Gate.leave(methodId);
    }

    /** Number of threads inside admitted gated calls right now. */
    public static int count() {
        return ACTIVE.size();
    }

    /**
     * Interrupts every thread inside an admitted gated call.
     *
     * @return the names of the threads interrupted, comma-separated; empty when there were none
     */
    public static String interruptAll() {
        StringBuilder names = new StringBuilder();
        for (Call call : ACTIVE) {
            if (call.interruptIfInside()) {
                names.append(names.length() == 0 ? "" : ", ").append(call.thread.getName());
            }
        }
        return names.toString();
    }

    /** One thread's gated-call depth. */
    private static final class Call {
        final Thread thread;
        private int depth; // guarded by this

        Call(Thread thread) {
            this.thread = thread;
        }

        synchronized void enter() {
            if (depth++ == 0) {
                ACTIVE.add(this);
            }
        }

        synchronized void leave() {
            if (depth > 0 && --depth == 0) {
                ACTIVE.remove(this);
            }
        }

        synchronized boolean interruptIfInside() {
            if (depth == 0) {
                return false;
            }
            thread.interrupt();
            return true;
        }
    }
}
