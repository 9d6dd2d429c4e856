package io.leadergate.bootstrap;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What {@code io.leadergate.Leadership} (the application's API, loaded by any class loader) reads:
 * one copy on the bootstrap class path, published by the agent. Only JDK types cross this boundary,
 * so the agent's own classes (system class path, shaded) never meet the application's loaders.
 *
 * <p>Invariants: {@link #isLeader()} is the gate ({@link Gate#isOpen()}), never the elector's
 * slower view; {@link #fencingToken()} and {@link #verify()} answer "not leader" whenever the gate
 * is closed. Before the agent publishes (or when it does not elect) every method answers "not
 * leader".
 *
 * <p>A "not leader" answer of {@link #isLeader()}, {@link #fencingToken()} or {@link #verify()} (or
 * their group forms) means the application wants leadership now, as a refused gated call does: an
 * election still waiting for the start-up to settle begins at once ({@link Gate#wantLeadership}).
 */
public final class LeadershipView {

    /** {@link #fencingToken()} when this replica is not leading. */
    public static final long NO_TOKEN = -1;

    /**
     * {@code leaseTransitions} of the Lease when this replica's current term began; NO_TOKEN
     * between terms.
     */
    private static volatile long termToken = NO_TOKEN;

    /**
     * Group name → its gate index, for the groups whose elector exists; the default group ({@code
     * ""}) is 0 whether or not it elects.
     */
    private static final Map<String, Integer> GROUP_INDEX = new ConcurrentHashMap<>();

    /** Per gate index: as {@link #termToken}, for {@link #fencingToken(String)}. */
    private static final AtomicLongArray GROUP_TOKENS = noTokens();

    /** Per gate index: as {@link #holder}, for {@link #currentLeader(String)}. */
    private static final AtomicReferenceArray<Supplier<String>> GROUP_HOLDERS =
            new AtomicReferenceArray<>(Gate.MAX_GROUPS);

    /** Per gate index: as {@link #verifier}, for {@link #verify(String)}. */
    private static final AtomicReferenceArray<BooleanSupplier> GROUP_VERIFIERS =
            new AtomicReferenceArray<>(Gate.MAX_GROUPS);

    /** The holder as the elector last saw it; null until the agent elects. */
    private static volatile Supplier<String> holder;

    /** A live GET of the Lease: does it name this replica? Null until the agent elects. */
    private static volatile BooleanSupplier verifier;

    private LeadershipView() {}

    /** True while this JVM's gate admits gated work. */
    public static boolean isLeader() {
        return wantedUnless(Gate.isOpen());
    }

    /** {@code leading}, having told a waiting election start that leadership is wanted if not. */
    private static boolean wantedUnless(boolean leading) {
        if (!leading) {
            Gate.wantLeadership();
        }
        return leading;
    }

    /**
     * The current holder's identity as this replica last observed it; {@code ""} when free or
     * unknown.
     */
    public static String currentLeader() {
        return holderOf(holder);
    }

    private static String holderOf(Supplier<String> source) {
        if (source == null) {
            return "";
        }
        try {
            String current = source.get();
            return current == null ? "" : current;
        } catch (RuntimeException e) {
            return "";
        }
    }

    /**
     * The Lease's {@code leaseTransitions} when this replica's current term began, or {@link
     * #NO_TOKEN} when not leading. Strictly greater than the token of every earlier term held by
     * another replica that the new holder had seen, also across a re-created Lease.
     */
    public static long fencingToken() {
        long before = termToken;
        if (!wantedUnless(Gate.isOpen())) {
            return NO_TOKEN;
        }
        // A term may have ended and another begun between the two reads: then neither value is
        // safe.
        return termToken == before ? before : NO_TOKEN;
    }

    /**
     * Reads the Lease from the API server now (one GET, bounded by the agent's call timeout) and
     * returns true only if it names this replica and the gate was open before and after the read.
     * False on any error and without the agent.
     */
    public static boolean verify() {
        return verified(verifier, 0);
    }

    private static boolean verified(BooleanSupplier live, int index) {
        if (!wantedUnless(Gate.isOpen(index)) || live == null) {
            return false;
        }
        try {
            return live.getAsBoolean() && Gate.isOpen(index);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * As {@link #currentLeader()}, for the Lease of {@code group}; {@code ""} for a group this
     * replica does not elect.
     */
    public static String currentLeader(String group) {
        int index = indexOf(group);
        return index < 0 ? "" : holderOf(GROUP_HOLDERS.get(index));
    }

    /** As {@link #verify()}, for the Lease and gate of {@code group}. */
    public static boolean verify(String group) {
        int index = indexOf(group);
        return wantedUnless(index >= 0) && verified(GROUP_VERIFIERS.get(index), index);
    }

    /**
     * True while this JVM's gate of {@code group} admits its gated work; {@code ""} or {@code
     * default} (any case) name the default group. False for a group this replica does not elect.
     */
    public static boolean isLeader(String group) {
        int index = indexOf(group);
        return wantedUnless(index >= 0 && Gate.isOpen(index));
    }

    /** As {@link #fencingToken()}, for the term of {@code group}; see {@link #isLeader(String)}. */
    public static long fencingToken(String group) {
        int index = indexOf(group);
        if (!wantedUnless(index >= 0)) {
            return NO_TOKEN;
        }
        long before = GROUP_TOKENS.get(index);
        if (!wantedUnless(Gate.isOpen(index))) {
            return NO_TOKEN;
        }
        return GROUP_TOKENS.get(index) == before ? before : NO_TOKEN;
    }

    private static int indexOf(String group) {
        if (group == null) {
            return -1;
        }
        if (group.isEmpty() || group.equalsIgnoreCase("default")) {
            return 0;
        }
        Integer index = GROUP_INDEX.get(group);
        return index == null ? -1 : index;
    }

    private static AtomicLongArray noTokens() {
        AtomicLongArray tokens = new AtomicLongArray(Gate.MAX_GROUPS);
        for (int i = 0; i < Gate.MAX_GROUPS; i++) {
            tokens.set(i, NO_TOKEN);
        }
        return tokens;
    }

    /** Agent: the elector of {@code group}, on gate {@code index}, exists. */
    public static void publishGroup(String group, int index) {
        if (!group.isEmpty() && index >= 0 && index < Gate.NEVER_OPEN) {
            GROUP_INDEX.put(group, index);
        }
    }

    /**
     * Agent: the elector of {@code group}, on gate {@code index}, exists; its holder and its live
     * check answer {@link #currentLeader(String)} and {@link #verify(String)}.
     */
    public static void publishGroup(
            String group, int index, Supplier<String> currentHolder, BooleanSupplier liveCheck) {
        if (index >= 0 && index < Gate.NEVER_OPEN) {
            GROUP_HOLDERS.set(index, currentHolder);
            GROUP_VERIFIERS.set(index, liveCheck);
            publishGroup(group, index);
        }
    }

    /** Agent, on the elector thread of gate {@code index} right after it opened for a new term. */
    public static void startTerm(int index, long leaseTransitions) {
        GROUP_TOKENS.set(index, leaseTransitions);
    }

    /** Agent, on the elector thread of gate {@code index} right after it closed. */
    public static void endTerm(int index) {
        GROUP_TOKENS.set(index, NO_TOKEN);
    }

    /** Agent: wire the sources once the elector exists. */
    public static void publish(Supplier<String> currentHolder, BooleanSupplier liveCheck) {
        holder = currentHolder;
        verifier = liveCheck;
    }

    /** Agent, on the elector thread right after the gate opened for a new term. */
    public static void startTerm(long leaseTransitions) {
        termToken = leaseTransitions;
    }

    /** Agent, on the elector thread right after the gate closed. */
    public static void endTerm() {
        termToken = NO_TOKEN;
    }
}
