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
 * <p>Each group's calls are counted apart (issue 12): a thread inside a call of group A that calls
 * work of group B is inside both, and {@link #interruptGroup} of either reaches it; when B's
 * elector loses its Lease only threads inside B's calls are interrupted. Nested gated calls of one
 * group on one thread count as one (depth). Must stay tiny and dependency-free: it is loaded by the
 * bootstrap loader.
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
        int group = Gate.groupOfId(methodId);
        call.enter(group);
        if (Gate.admit(methodId)) {
            return true;
        }
        call.leave(group);
        return false;
    }

    /**
     * The admitted gated call with this id on this thread has returned or thrown ({@link
     * Gate#leave} too).
     */
    public static void leave(int methodId) {
        CURRENT.get().leave(Gate.groupOfId(methodId));
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
        return interrupt(-1);
    }

    /**
     * Interrupts every thread inside an admitted gated call of {@code group} (a gate index), and no
     * other.
     *
     * @return the names of the threads interrupted, comma-separated; empty when there were none
     */
    public static String interruptGroup(int group) {
        return group < 0 || group >= Gate.MAX_GROUPS ? "" : interrupt(group);
    }

    /** Number of threads inside admitted gated calls of {@code group} right now. */
    public static int count(int group) {
        int count = 0;
        for (Call call : ACTIVE) {
            if (call.isInside(group)) {
                count++;
            }
        }
        return count;
    }

    /** {@code group} -1: every group. */
    private static String interrupt(int group) {
        StringBuilder names = new StringBuilder();
        for (Call call : ACTIVE) {
            if (call.interruptIfInside(group)) {
                names.append(names.length() == 0 ? "" : ", ").append(call.thread.getName());
            }
        }
        return names.toString();
    }

    /** One thread's gated-call depth, per group. */
    private static final class Call {
        final Thread thread;

        /**
         * Gated calls of each group this thread is inside; created on first use. Guarded by this.
         */
        private int[] depths;

        /** The sum of {@link #depths}. Guarded by this. */
        private int depth;

        Call(Thread thread) {
            this.thread = thread;
        }

        synchronized void enter(int group) {
            if (depths == null) {
                depths = new int[Gate.MAX_GROUPS];
            }
            depths[group]++;
            if (depth++ == 0) {
                ACTIVE.add(this);
            }
        }

        synchronized void leave(int group) {
            if (depths == null || depths[group] == 0) {
                return;
            }
            depths[group]--;
            if (--depth == 0) {
                ACTIVE.remove(this);
            }
        }

        synchronized boolean isInside(int group) {
            return depths != null && depths[group] > 0;
        }

        /** {@code group} -1: inside any. */
        synchronized boolean interruptIfInside(int group) {
            if (depth == 0 || (group >= 0 && depths[group] == 0)) {
                return false;
            }
            thread.interrupt();
            return true;
        }
    }
}
