package io.leadergate.bootstrap;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The only state that advice inlined into application methods reads.
 *
 * <p>Lives on the bootstrap class path so that every class loader resolves the same class, hence
 * the same state. Gated calls are admitted while {@code System.nanoTime()} is before a monotonic
 * deadline that the elector moves forward after each successful acquire or renew. Nothing has to
 * happen for the gate to close: a stalled elector (GC pause, blocked HTTP call, SIGSTOP) simply lets
 * the deadline pass. Starts closed: gated work stays off until leadership is real.
 *
 * <p>Must stay tiny and dependency-free: it is loaded by the bootstrap loader.
 */
public final class Gate {

    /** Upper bound on distinct gated methods with their own counters; later ones share slot 0. */
    public static final int MAX_METHODS = 4096;

    /** Admit calls while {@code System.nanoTime() - deadlineNanos < 0}. Starts already expired. */
    private static volatile long deadlineNanos = System.nanoTime();

    private static final AtomicLongArray EXECUTED = new AtomicLongArray(MAX_METHODS);
    private static final AtomicLongArray SKIPPED = new AtomicLongArray(MAX_METHODS);
    private static final String[] METHODS = new String[MAX_METHODS];
    private static int methodCount = 1; // slot 0: "other" (unregistered or overflow)

    static {
        METHODS[0] = "other";
    }

    private Gate() {}

    /** True while this JVM holds a valid leadership term. */
    public static boolean isOpen() {
        return System.nanoTime() - deadlineNanos < 0;
    }

    /**
     * Called at the entry of every gated method. Returns whether its body may run, and counts the
     * outcome for the method's id (see {@link #register}).
     */
    public static boolean admit(int methodId) {
        boolean open = System.nanoTime() - deadlineNanos < 0;
        int slot = methodId > 0 && methodId < MAX_METHODS ? methodId : 0;
        (open ? EXECUTED : SKIPPED).incrementAndGet(slot);
        return open;
    }

    /**
     * Admit gated calls until {@code deadline} ({@link System#nanoTime()} units). The elector passes
     * the send time of its last successful acquire/renew request plus the renew deadline.
     */
    public static void grantUntil(long deadline) {
        deadlineNanos = deadline;
    }

    /** Stop admitting gated calls now (loss, release, shutdown). */
    public static void revoke() {
        deadlineNanos = System.nanoTime() - 1;
    }

    /** Remaining validity in nanoseconds; zero or negative when closed. */
    public static long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }

    /** Gives a gated method a stable counter slot; the same description always gets the same id. */
    public static synchronized int register(String methodDescription) {
        for (int i = 1; i < methodCount; i++) {
            if (METHODS[i].equals(methodDescription)) {
                return i;
            }
        }
        if (methodCount == MAX_METHODS) {
            return 0;
        }
        METHODS[methodCount] = methodDescription;
        return methodCount++;
    }

    /** Number of counter slots in use, slot 0 ("other") included. */
    public static synchronized int methodCount() {
        return methodCount;
    }

    public static synchronized String methodName(int id) {
        return METHODS[id];
    }

    /**
     * The message of the {@code NotLeaderException} a THROW-mode gated method raises on a follower.
     * Built here rather than in the inlined advice, so that advice stays free of string
     * concatenation (which javac compiles to invokedynamic, unusable in old class files).
     */
    public static String refusal(int methodId) {
        int slot = methodId > 0 && methodId < MAX_METHODS ? methodId : 0;
        return "not the leader; gated call refused: ".concat(String.valueOf(methodName(slot)));
    }

    public static long executed(int id) {
        return EXECUTED.get(id);
    }

    public static long skipped(int id) {
        return SKIPPED.get(id);
    }
}
