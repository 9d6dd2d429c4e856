package io.leadergate;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * For code that wants to ask about leadership rather than be gated by {@link LeaderOnly}.
 *
 * <pre>{@code
 * long token = Leadership.fencingToken();
 * if (token != Leadership.NO_FENCING_TOKEN) {
 *     ledger.write(entry, token);            // the ledger rejects tokens lower than the highest it has seen
 * }
 * if (Leadership.verify()) {                 // one live read of the Lease before an irreversible step
 *     payments.settle();
 * }
 * }</pre>
 *
 * <p>Answers come from the Leadergate agent's state, which it keeps on the bootstrap class path, so
 * this class answers correctly whichever loader loaded it (a Spring Boot nested jar, a web-app
 * loader). <b>Without the agent</b> (or with the agent disabled, or not electing) every method
 * answers "not leader": {@code isLeader()} false, {@code currentLeader()} empty, {@code
 * fencingToken()} {@link #NO_FENCING_TOKEN}, {@code verify()} false. Code that must run somewhere
 * should not depend on these answers when the agent is absent. The agent must be loaded at JVM
 * start ({@code -javaagent}); this class looks for it once.
 *
 * <p>All methods are thread-safe; all but {@link #verify()} are a few volatile reads.
 */
public final class Leadership {

    /** {@link #fencingToken()} when this replica is not the leader. */
    public static final long NO_FENCING_TOKEN = -1;

    private Leadership() {}

    /**
     * True while this replica holds the Lease and its term has not lapsed: exactly when {@link
     * LeaderOnly} methods run their bodies.
     */
    public static boolean isLeader() {
        MethodHandle handle = AgentView.IS_LEADER;
        if (handle == null) {
            return false;
        }
        try {
            return (boolean) handle.invokeExact();
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * The identity of the current leader as this replica last observed it (its own identity when it
     * leads); empty when the Lease is free, not yet read, or the agent is absent.
     */
    public static Optional<String> currentLeader() {
        MethodHandle handle = AgentView.CURRENT_LEADER;
        if (handle == null) {
            return Optional.empty();
        }
        try {
            String leader = (String) handle.invokeExact();
            return leader == null || leader.isEmpty() ? Optional.empty() : Optional.of(leader);
        } catch (Throwable t) {
            return Optional.empty();
        }
    }

    /**
     * The Lease's {@code leaseTransitions} when this replica's current term began, or {@link
     * #NO_FENCING_TOKEN} when it is not the leader. Every new holder writes a higher value, so a
     * downstream system that remembers the highest token it has accepted can reject writes from a
     * leader that has since been replaced (a GC pause, a partition). Stays the same for the whole
     * term. A replica that regains the Lease gets a higher token, unless the Lease still named it
     * (nobody took it, nobody released it): then it is the same holder and keeps its token. A new
     * term counts on from the highest value its holder has seen, so the token also grows across a
     * deleted and re-created Lease, unless no running replica had seen the old one
     * (docs/observability.md).
     */
    public static long fencingToken() {
        MethodHandle handle = AgentView.FENCING_TOKEN;
        if (handle == null) {
            return NO_FENCING_TOKEN;
        }
        try {
            return (long) handle.invokeExact();
        } catch (Throwable t) {
            return NO_FENCING_TOKEN;
        }
    }

    /**
     * As {@link #isLeader()} for the work of {@code group} ({@code @LeaderOnly("billing")}, a
     * {@code billing=...} pattern), which is elected on a Lease of its own; {@code ""} or {@code
     * "default"} is the default group. False for a group this replica does not elect (yet), and
     * without the agent.
     */
    public static boolean isLeader(String group) {
        MethodHandle handle = AgentView.IS_GROUP_LEADER;
        if (handle == null) {
            return false;
        }
        try {
            return (boolean) handle.invokeExact(group);
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * As {@link #fencingToken()} for the term of {@code group} on its own Lease; {@link
     * #NO_FENCING_TOKEN} when this replica does not lead it, and without the agent.
     */
    public static long fencingToken(String group) {
        MethodHandle handle = AgentView.GROUP_FENCING_TOKEN;
        if (handle == null) {
            return NO_FENCING_TOKEN;
        }
        try {
            return (long) handle.invokeExact(group);
        } catch (Throwable t) {
            return NO_FENCING_TOKEN;
        }
    }

    /**
     * As {@link #currentLeader()} for the Lease of {@code group}: who leads that group's work as
     * this replica last observed it. Empty for a group this replica does not elect (yet), when its
     * Lease is free or not yet read, and without the agent.
     */
    public static Optional<String> currentLeader(String group) {
        MethodHandle handle = AgentView.GROUP_CURRENT_LEADER;
        if (handle == null) {
            return Optional.empty();
        }
        try {
            String leader = (String) handle.invokeExact(group);
            return leader == null || leader.isEmpty() ? Optional.empty() : Optional.of(leader);
        } catch (Throwable t) {
            return Optional.empty();
        }
    }

    /**
     * As {@link #verify()} for the Lease of {@code group}: one GET of that Lease, true only if it
     * names this replica and the group's term is still valid. False for a group this replica does
     * not elect, on any error, and without the agent.
     */
    public static boolean verify(String group) {
        MethodHandle handle = AgentView.GROUP_VERIFY;
        if (handle == null) {
            return false;
        }
        try {
            return (boolean) handle.invokeExact(group);
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * Reads the Lease from the Kubernetes API server now and returns true only if it names this
     * replica and this replica's term is still valid. Costs one GET (bounded by the agent's API
     * call timeout, half the renew deadline by default); use it before an irreversible step, not in
     * a loop. False on any error, when not leader, and without the agent.
     */
    public static boolean verify() {
        MethodHandle handle = AgentView.VERIFY;
        if (handle == null) {
            return false;
        }
        try {
            return (boolean) handle.invokeExact();
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * The agent's {@code io.leadergate.bootstrap.LeadershipView}, looked up once in the bootstrap
     * loader (never this class's loader, which could hold a stale or second copy). All null without
     * the agent.
     */
    private static final class AgentView {
        static final MethodHandle IS_LEADER;
        static final MethodHandle CURRENT_LEADER;
        static final MethodHandle FENCING_TOKEN;
        static final MethodHandle VERIFY;
        static final MethodHandle IS_GROUP_LEADER;
        static final MethodHandle GROUP_FENCING_TOKEN;
        static final MethodHandle GROUP_CURRENT_LEADER;
        static final MethodHandle GROUP_VERIFY;

        static {
            MethodHandle isLeader = null;
            MethodHandle currentLeader = null;
            MethodHandle fencingToken = null;
            MethodHandle verify = null;
            try {
                Class<?> view = Class.forName("io.leadergate.bootstrap.LeadershipView", true, null);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                isLeader =
                        lookup.findStatic(view, "isLeader", MethodType.methodType(boolean.class));
                currentLeader =
                        lookup.findStatic(
                                view, "currentLeader", MethodType.methodType(String.class));
                fencingToken =
                        lookup.findStatic(view, "fencingToken", MethodType.methodType(long.class));
                verify = lookup.findStatic(view, "verify", MethodType.methodType(boolean.class));
            } catch (Throwable absent) {
                // No agent (or an older one): every answer is "not leader".
                isLeader = null;
                currentLeader = null;
                fencingToken = null;
                verify = null;
            }
            IS_LEADER = isLeader;
            IS_GROUP_LEADER = groupHandle("isLeader", boolean.class);
            GROUP_FENCING_TOKEN = groupHandle("fencingToken", long.class);
            GROUP_CURRENT_LEADER = groupHandle("currentLeader", String.class);
            GROUP_VERIFY = groupHandle("verify", boolean.class);
            CURRENT_LEADER = currentLeader;
            FENCING_TOKEN = fencingToken;
            VERIFY = verify;
        }

        /** {@code LeadershipView.<name>(String)}; null without the agent or with an older one. */
        private static MethodHandle groupHandle(String name, Class<?> returns) {
            try {
                Class<?> view = Class.forName("io.leadergate.bootstrap.LeadershipView", true, null);
                return MethodHandles.publicLookup()
                        .findStatic(view, name, MethodType.methodType(returns, String.class));
            } catch (Throwable absent) {
                return null;
            }
        }
    }
}
