package io.leadergate.bootstrap;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

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
 * <p>Groups. Each group of gated work (issue 12: one Lease per group) has its own deadline pair;
 * group 0 is the default group, the only one before groups existed, and what every method without a
 * group argument means. A method's group is fixed when it is registered and travels in the high
 * bits of its id ({@code slot | group << GROUP_SHIFT}), the constant the advice passes to {@link
 * #admit}: so the advice is unchanged and admitting costs no lookup. Group {@link #NEVER_OPEN} is
 * never granted: work whose group is invalid stays off.
 *
 * <p>Leadership wanted. A lazily started election waits for the application's start-up to settle
 * (the agent's {@code ElectionWait}), but not once the application has begun its gated work: the
 * first skipped call (or not-leader answer of {@link LeadershipView}) while the agent's start
 * thread waits tells it ({@link #notifyWhenWanted}). That costs the skip path one volatile read,
 * the leader's path nothing.
 *
 * <p>Must stay tiny and dependency-free: it is loaded by the bootstrap loader.
 */
public final class Gate {

    /** Upper bound on distinct gated methods with their own counters; later ones share slot 0. */
    public static final int MAX_METHODS = 4096;

    /** Bits of a method id that hold its counter slot; the group is above them. */
    public static final int GROUP_SHIFT = 12;

    /** Upper bound on groups, {@link #NEVER_OPEN} included. */
    public static final int MAX_GROUPS = 64;

    /** The group whose gate is never granted: gated work of an invalid group stays off. */
    public static final int NEVER_OPEN = MAX_GROUPS - 1;

    /**
     * Per group: admit calls while {@code System.nanoTime() - deadline < 0}. Starts already
     * expired. Odd after a grant, even after a revocation (see the class comment).
     */
    private static final AtomicLongArray DEADLINE_NANOS = closedGates();

    /**
     * Per group: the current grant's deadline on the wall clock ({@code System.currentTimeMillis()}
     * units), a second, coarser bound that a suspension cannot freeze (see the class comment).
     * Written before the group's monotonic deadline, so whoever reads a grant's monotonic deadline
     * sees its wall bound too. Only consulted while the monotonic deadline is ahead; a revocation
     * need not touch it. Starts at the epoch, long passed.
     */
    private static final AtomicLongArray WALL_DEADLINE_MILLIS = new AtomicLongArray(MAX_GROUPS);

    /** Per slot: its group, for {@link #inFlight(int)} by group. Written under the class lock. */
    private static final int[] GROUP_OF_SLOT = new int[MAX_METHODS];

    /** Per method: calls admitted. A call is in flight from this increment to its FINISHED one. */
    private static final AtomicLongArray EXECUTED = new AtomicLongArray(MAX_METHODS);

    /** Per method: admitted calls that have returned or thrown (or were taken back, see admit). */
    private static final AtomicLongArray FINISHED = new AtomicLongArray(MAX_METHODS);

    private static final AtomicLongArray SKIPPED = new AtomicLongArray(MAX_METHODS);

    /**
     * The agent's election start thread while it waits to begin (see the class comment); null
     * before and after, so a skipped call then reads only this field.
     */
    private static volatile Thread electionWaiter;

    /** Set by the first call skipped while {@link #electionWaiter} was set; cleared by arming. */
    private static volatile boolean leadershipWanted;

    private static final String[] METHODS = new String[MAX_METHODS];
    private static int methodCount = 1; // slot 0: "other" (unregistered or overflow)

    static {
        METHODS[0] = "other";
    }

    private Gate() {}

    private static AtomicLongArray closedGates() {
        AtomicLongArray deadlines = new AtomicLongArray(MAX_GROUPS);
        long closed = closedAt(System.nanoTime());
        for (int group = 0; group < MAX_GROUPS; group++) {
            deadlines.set(group, closed);
        }
        return deadlines;
    }

    /** True while this JVM holds a valid leadership term of the default group. */
    public static boolean isOpen() {
        return isOpen(0);
    }

    /** True while this JVM holds a valid leadership term of {@code group}. */
    public static boolean isOpen(int group) {
        int g = group(group);
        long deadline = DEADLINE_NANOS.get(g); // before the clock, as in admit
        return System.nanoTime() - deadline < 0 && wallClockAllows(g);
    }

    /**
     * The wall-clock bound of the grant whose monotonic deadline the caller has just found ahead.
     */
    private static boolean wallClockAllows(int group) {
        return System.currentTimeMillis() - WALL_DEADLINE_MILLIS.get(group) < 0;
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
        int group = groupOfId(methodId);
        // The deadline before the clock: read the other way round, a deadline revoked after the
        // clock read (now - 1, later than that read) would look open.
        long deadline = DEADLINE_NANOS.get(group);
        if (System.nanoTime() - deadline >= 0 || !wallClockAllows(group)) {
            SKIPPED.incrementAndGet(slot);
            wantLeadership();
            return false;
        }
        EXECUTED.incrementAndGet(
                slot); // in flight from here on; the re-read below is ordered after it
        return DEADLINE_NANOS.get(group) == deadline || admittedDespiteChange(slot, group);
    }

    /**
     * The deadline moved between admit's read and its count: a renewal (still open: run), or a
     * revocation whose drain may already have counted without us (closed: take the call back).
     */
    private static boolean admittedDespiteChange(int slot, int group) {
        if (isOpen(group)) {
            return true;
        }
        FINISHED.incrementAndGet(slot);
        SKIPPED.incrementAndGet(slot); // also counted as executed: the counters only ever grow
        return false;
    }

    /**
     * Gated work was refused because this JVM does not lead: if the agent's start thread waits to
     * begin the election, it begins now. One volatile read unless it waits; never allocates, throws
     * or opens a gate.
     */
    static void wantLeadership() {
        Thread waiter = electionWaiter;
        if (waiter != null) {
            leadershipWanted = true; // before the wake-up: the waiter checks it when it wakes
            electionWaiter = null;
            LockSupport.unpark(waiter);
        }
    }

    /**
     * Agent: from now on, the first gated call refused ({@link #wantLeadership}) sets {@link
     * #leadershipWanted()} and unparks {@code waiter}, which may not have started yet (then only
     * the flag tells it). {@code null}: stop telling anyone.
     */
    public static void notifyWhenWanted(Thread waiter) {
        if (waiter != null) {
            leadershipWanted = false;
        }
        electionWaiter = waiter;
    }

    /** Agent: whether a gated call was refused since {@link #notifyWhenWanted}. */
    public static boolean leadershipWanted() {
        return leadershipWanted;
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
        grantUntil(0, deadline);
    }

    /** {@link #grantUntil(long)} for {@code group}; {@link #NEVER_OPEN} is never granted. */
    public static void grantUntil(int group, long deadline) {
        int g = group(group);
        if (g == NEVER_OPEN) {
            return;
        }
        long remainingMillis = (deadline - System.nanoTime()) / 1_000_000L;
        // The wall bound before the deadline: see the field.
        WALL_DEADLINE_MILLIS.set(g, System.currentTimeMillis() + remainingMillis);
        DEADLINE_NANOS.set(g, (deadline - 1) | 1L);
    }

    /**
     * Stop admitting gated calls of the default group now (loss, release, shutdown). Once this
     * returns, {@link #inFlight(int)} counts every call that may still run under the revoked grant.
     */
    public static void revoke() {
        revoke(0);
    }

    /** {@link #revoke()} for {@code group}. */
    public static void revoke(int group) {
        DEADLINE_NANOS.set(group(group), closedAt(System.nanoTime()));
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

    /** Admitted calls of the methods of {@code group} still running; see {@link #inFlight()}. */
    public static long inFlightOfGroup(int group) {
        int g = group(group);
        int count = methodCount(); // the lock: every slot counted here has its group written
        long total = g == 0 ? inFlight(0) : 0; // slot 0 ("other") belongs to the default group
        for (int slot = 1; slot < count; slot++) {
            if (GROUP_OF_SLOT[slot] == g) {
                total += inFlight(slot);
            }
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
        return remainingNanos(0);
    }

    /** {@link #remainingNanos()} of {@code group}. */
    public static long remainingNanos(int group) {
        return DEADLINE_NANOS.get(group(group)) - System.nanoTime();
    }

    /**
     * Gives a gated method of the default group a stable counter slot; the same description always
     * gets the same id.
     */
    public static int register(String methodDescription) {
        return register(methodDescription, 0);
    }

    /**
     * Gives a gated method of {@code group} a stable counter slot and returns its id, which carries
     * the group for {@link #admit}. A description keeps the group it was first registered with.
     * Past {@link #MAX_METHODS} methods share slot 0, still under their own group.
     */
    public static synchronized int register(String methodDescription, int group) {
        int g = group(group);
        for (int i = 1; i < methodCount; i++) {
            if (METHODS[i].equals(methodDescription)) {
                return i | GROUP_OF_SLOT[i] << GROUP_SHIFT;
            }
        }
        if (methodCount == MAX_METHODS) {
            return g << GROUP_SHIFT;
        }
        METHODS[methodCount] = methodDescription;
        GROUP_OF_SLOT[methodCount] = g;
        return methodCount++ | g << GROUP_SHIFT;
    }

    /** The group of the method in counter slot {@code slot}; slot 0 ("other") counts as 0. */
    public static synchronized int groupOfSlot(int slot) {
        return slot > 0 && slot < MAX_METHODS ? GROUP_OF_SLOT[slot] : 0;
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

    /** The counter slot of a method id (its low bits); out of range: slot 0. */
    public static int slot(int methodId) {
        int slot = methodId & (MAX_METHODS - 1);
        return methodId > 0 && slot < MAX_METHODS ? slot : 0;
    }

    /** The group a method id carries; an id out of range is never admitted. */
    static int groupOfId(int methodId) {
        int group = methodId >>> GROUP_SHIFT;
        return group < MAX_GROUPS ? group : NEVER_OPEN;
    }

    private static int group(int group) {
        return group >= 0 && group < MAX_GROUPS ? group : NEVER_OPEN;
    }
}
