package io.leadergate.bootstrap;

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
 */
public final class LeadershipView {

    /** {@link #fencingToken()} when this replica is not leading. */
    public static final long NO_TOKEN = -1;

    /**
     * {@code leaseTransitions} of the Lease when this replica's current term began; NO_TOKEN
     * between terms.
     */
    private static volatile long termToken = NO_TOKEN;

    /** The holder as the elector last saw it; null until the agent elects. */
    private static volatile Supplier<String> holder;

    /** A live GET of the Lease: does it name this replica? Null until the agent elects. */
    private static volatile BooleanSupplier verifier;

    private LeadershipView() {}

    /** True while this JVM's gate admits gated work. */
    public static boolean isLeader() {
        return Gate.isOpen();
    }

    /**
     * The current holder's identity as this replica last observed it; {@code ""} when free or
     * unknown.
     */
    public static String currentLeader() {
        Supplier<String> source = holder;
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
        if (!Gate.isOpen()) {
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
        BooleanSupplier live = verifier;
        if (live == null || !Gate.isOpen()) {
            return false;
        }
        try {
            return live.getAsBoolean() && Gate.isOpen();
        } catch (RuntimeException e) {
            return false;
        }
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
