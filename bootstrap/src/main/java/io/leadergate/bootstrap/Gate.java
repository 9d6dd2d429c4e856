package io.leadergate.bootstrap;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The only state that advice inlined into application methods reads.
 *
 * <p>Lives on the bootstrap class path so that every class loader resolves the same class, hence
 * the same state. Gated calls are admitted while {@code System.nanoTime()} is before a monotonic
 * deadline that the elector moves forward after each successful acquire or renew. Nothing has to
 * happen for the gate to close: a stalled elector (GC pause, blocked HTTP call, SIGSTOP) simply
 * lets the deadline pass. Starts closed: gated work stays off until leadership is real.
 *
 * <p>A suspended machine. {@code CLOCK_MONOTONIC} does not advance while the whole machine sleeps
 * (a suspended VM or laptop), so on resume a monotonic deadline can still lie ahead although the
 * Lease expired elsewhere long ago. Every grant therefore also carries the same deadline on the
 * wall clock, which does advance across a suspension, and a call is admitted only before both. The
 * wall clock never keeps the gate open longer (a wall clock stepped back leaves the monotonic bound
 * in charge); a wall clock stepped forward shuts the gate until the next grant, which is at most
 * one renewal away and proves the term again. Timing decisions stay monotonic: the wall bound only
 * ever shuts.
 *
 * <p>Calls in flight. Every admitted call is counted at {@link #admit} (the per-method "executed"
 * counter) and again at {@link #leave} when it returns or throws, so {@link #inFlight()} is the
 * number of admitted calls still running, in every mode and without thread tracking. Invariant:
 * once {@link #revoke()} has returned, every call that will ever run its body under the revoked
 * grant is already counted; so "revoke, then wait until {@code inFlight() == 0}" ends only when
 * none is running, and none starts later (the elector's graceful hand-over relies on this).
 *
 * <p>Deadline values carry one bit of meaning: grants are odd, revocations even. So a revocation
 * can never write the very value an admitting thread read before it, and that thread's re-read in
 * {@link #admit} sees every revocation that its count may have missed.
 *
 * <p>Must stay tiny and dependency-free: it is loaded by the bootstrap loader.
 */
public final class Gate {

    /** Upper bound on distinct gated methods with their own counters; later ones share slot 0. */
    public static final int MAX_METHODS = 4096;

    /**
     * Admit calls while {@code System.nanoTime() - deadlineNanos < 0}. Starts already expired. Odd
     * after a grant, even after a revocation (see the class comment).
     */
    private static volatile long deadlineNanos = closedAt(System.nanoTime());

    /**
     * The current grant's deadline on the wall clock ({@code System.currentTimeMillis()} units): a
     * second, coarser bound that a suspension cannot freeze (see the class comment). Written before
     * {@link #deadlineNanos}, so whoever reads a grant's monotonic deadline sees its wall bound
     * too. Only consulted while the monotonic deadline is ahead; a revocation need not touch it.
     * Starts at the epoch, long passed.
     */
    private static volatile long wallDeadlineMillis = 0;

    /** Per method: calls admitted. A call is in flight from this increment to its FINISHED one. */
    private static final AtomicLongArray EXECUTED = new AtomicLongArray(MAX_METHODS);

    /** Per method: admitted calls that have returned or thrown (or were taken back, see admit). */
    private static final AtomicLongArray FINISHED = new AtomicLongArray(MAX_METHODS);

    private static final AtomicLongArray SKIPPED = new AtomicLongArray(MAX_METHODS);
    private static final String[] METHODS = new String[MAX_METHODS];
    private static int methodCount = 1; // slot 0: "other" (unregistered or overflow)

    static {
        METHODS[0] = "other";
    }

    private Gate() {}

    /** True while this JVM holds a valid leadership term. */
    public static boolean isOpen() {
        long deadline = deadlineNanos; // before the clock, as in admit
        return System.nanoTime() - deadline < 0 && wallClockAllows();
    }

    /**
     * The wall-clock bound of the grant whose monotonic deadline the caller has just found ahead.
     */
    private static boolean wallClockAllows() {
        return System.currentTimeMillis() - wallDeadlineMillis < 0;
    }

    /**
     * Called at the entry of every gated method. Returns whether its body may run, and counts the
     * outcome for the method's id (see {@link #register}). When it returns true the caller must
     * call {@link #leave} with the same id once the call ends, however it ends.
     *
     * <p>Cost on the leader: two clock reads (monotonic, then wall), three volatile reads and one
     * atomic increment (the executed counter, which doubles as the in-flight mark); on a follower
     * one clock read, one volatile read and one increment (the skipped counter).
     */
    public static boolean admit(int methodId) {
        int slot = slot(methodId);
        // The deadline before the clock: read the other way round, a deadline revoked after the
        // clock
        // read (now - 1, later than that read) would look open.
        long deadline = deadlineNanos;
        if (System.nanoTime() - deadline >= 0 || !wallClockAllows()) {
            SKIPPED.incrementAndGet(slot);
            return false;
        }
        EXECUTED.incrementAndGet(
                slot); // in flight from here on; the re-read below is ordered after it
        return deadlineNanos == deadline || admittedDespiteChange(slot);
    }

    /**
     * The deadline moved between admit's read and its count: a renewal (still open: run), or a
     * revocation whose drain may already have counted without us (closed: take the call back).
     */
    private static boolean admittedDespiteChange(int slot) {
        if (isOpen()) {
            return true;
        }
        FINISHED.incrementAndGet(slot);
        SKIPPED.incrementAndGet(slot); // also counted as executed: the counters only ever grow
        return false;
    }

    /** The admitted gated call with this id has returned or thrown. */
    public static void leave(int methodId) {
        FINISHED.incrementAndGet(slot(methodId));
    }

    /**
     * Admit gated calls until {@code deadline} ({@link System#nanoTime()} units). The elector
     * passes the send time of its last successful acquire/renew request plus the renew deadline;
     * the gate stores it rounded down to an odd value (at most 1 ns earlier), and the same
     * remaining time on the wall clock, counted from now (rounded down to whole milliseconds).
     *
     * <p>Not covered: a suspension between the request's send time and this call. The remaining
     * time is measured on the monotonic clock, which did not see it; the next renewal's 409 then
     * shuts the gate (at most half the renew deadline later, the elector's per-call timeout).
     */
    public static void grantUntil(long deadline) {
        long remainingMillis = (deadline - System.nanoTime()) / 1_000_000L;
        wallDeadlineMillis =
                System.currentTimeMillis() + remainingMillis; // before the deadline: see the field
        deadlineNanos = (deadline - 1) | 1L;
    }

    /**
     * Stop admitting gated calls now (loss, release, shutdown). Once this returns, {@link
     * #inFlight()} counts every call that may still run under the revoked grant.
     */
    public static void revoke() {
        deadlineNanos = closedAt(System.nanoTime());
    }

    /** An even deadline already passed at {@code nowNanos}. */
    private static long closedAt(long nowNanos) {
        return (nowNanos - 1) & ~1L;
    }

    /**
     * Admitted gated calls of every method that have not returned or thrown yet. A nested gated
     * call counts on its own. While the gate admits calls this is a snapshot that may be off by the
     * calls entering or leaving meanwhile; after {@link #revoke()} it never undercounts, and
     * reaches zero exactly when the last admitted call has ended.
     */
    public static long inFlight() {
        long total = 0;
        for (int slot = 0; slot < MAX_METHODS; slot++) {
            total += inFlight(slot);
        }
        return total;
    }

    /** Admitted calls of one method that are still running; see {@link #inFlight()}. */
    public static long inFlight(int id) {
        // Finished first: every finish read here has its admission counted by the later read, so a
        // call leaving meanwhile can only make the result too high, never too low.
        long finished = FINISHED.get(id);
        return EXECUTED.get(id) - finished;
    }

    /**
     * Remaining validity in nanoseconds on the monotonic deadline; zero or negative when closed by
     * it. The wall-clock bound is not included: it is only ever reached first after a suspension or
     * a forward step of the wall clock, and {@link #isOpen()} reports it.
     */
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
        int slot = slot(methodId);
        return "not the leader; gated call refused: ".concat(String.valueOf(methodName(slot)));
    }

    public static long executed(int id) {
        return EXECUTED.get(id);
    }

    public static long skipped(int id) {
        return SKIPPED.get(id);
    }

    private static int slot(int methodId) {
        return methodId > 0 && methodId < MAX_METHODS ? methodId : 0;
    }
}
