package io.leadergate.agent.loss;

import io.leadergate.agent.config.LossAction;
import io.leadergate.agent.log.AgentLog;
import io.leadergate.bootstrap.InFlightCalls;

/**
 * Does what {@code leadergate.on.loss} asks with gated calls still running when the gate closes.
 * Called once per closing by {@link GateClosingWatch}, from the elector's thread or the watchdog's.
 *
 * <p>{@code exit} halts ({@link Runtime#halt}) rather than {@link System#exit}: exit would run the
 * shutdown hooks first, including the agent's own, which releases the Lease so that a successor
 * starts at once while this JVM's gated call is still running; and application hooks may take any
 * time. Halting stops the call at once and leaves the Lease to expire, which (counted from the last
 * renewal) is at most {@code leaseDuration − renewDeadline} after the gate closed. This is what
 * kube-controller-manager does: it exits the process, hooks and all, on a lost lease.
 */
public final class LossReaction {

    /** The status of a JVM halted by {@code on.loss=exit}: 1, as kube-controller-manager exits. */
    public static final int EXIT_STATUS = 1;

    private final LossAction action;
    private final Halt halt;

    /** The gate index of the group whose closings this reacts to. */
    private final int group;

    /** How the JVM is stopped; tests replace it. */
    interface Halt {
        void halt(int status);
    }

    LossReaction(LossAction action, Halt halt) {
        this(action, halt, 0);
    }

    LossReaction(LossAction action, Halt halt, int group) {
        this.action = action;
        this.halt = halt;
        this.group = group;
    }

    public static LossReaction of(LossAction action) {
        return of(action, 0);
    }

    /**
     * For the gate of group {@code group}: {@code interrupt} reaches only the threads inside that
     * group's gated calls; the other groups' Leases are still held, so their calls run on.
     */
    public static LossReaction of(LossAction action, int group) {
        return new LossReaction(action, status -> Runtime.getRuntime().halt(status), group);
    }

    public LossAction action() {
        return action;
    }

    /**
     * @param why why the gate closed, for the log line
     */
    void gateClosed(String why) {
        switch (action) {
            case INTERRUPT:
                String threads = InFlightCalls.interruptGroup(group);
                if (!threads.isEmpty()) {
                    AgentLog.warn(
                            why
                                    + "; on.loss=interrupt: interrupted the gated calls in flight on "
                                    + threads);
                }
                return;
            case EXIT:
                if (shuttingDown()) {
                    return; // the JVM is already on its way out (our release hook closed the gate)
                }
                AgentLog.error(
                        why
                                + "; on.loss=exit: halting the JVM with status "
                                + EXIT_STATUS
                                + " so that no gated call outlives leadership");
                System.err.flush();
                halt.halt(EXIT_STATUS);
                return;
            default:
                // continue: running calls finish; the gate refuses new ones.
        }
    }

    /** True once shutdown hooks have started: registering one then is refused. */
    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException shutdownInProgress) {
            return true;
        }
    }
}
