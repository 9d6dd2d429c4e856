package io.leadergate.agent.election;

import io.leadergate.agent.log.AgentLog;

/**
 * The part of a graceful hand-over ({@link LeaseElector#stop()}, {@link LeaseElector#stepDown()})
 * that comes before the release: hold the gate shut, then wait for the gated calls already running
 * while the elector thread keeps renewing the Lease as usual. Only then may the Lease be released:
 * a successor acquires within milliseconds of a release (it watches the Lease), so releasing with a
 * call still running would let two replicas run gated work at once.
 *
 * <p>client-go has no counterpart: its {@code ReleaseOnCancel} releases as soon as the context is
 * cancelled, whatever the callbacks are still doing.
 */
final class GracefulHandOver {

    private final ElectionSettings settings;
    private final HoldableGate gate;
    private final GatedCallDrain drain;
    private final LeaseStateMachine machine;

    GracefulHandOver(ElectionSettings settings, HoldableGate gate, GatedCallDrain drain, LeaseStateMachine machine) {
        this.settings = settings;
        this.gate = gate;
        this.drain = drain;
        this.machine = machine;
    }

    /**
     * For the JVM's shutdown: shuts the gate for good and, if leading, waits for the calls in flight.
     *
     * @return true when the stop may go on (halt, release); false when calls still run after the
     *         drain bound and we still lead: then the elector must keep renewing until the JVM halts
     */
    boolean drainBeforeStop() {
        gate.holdForGood();
        if (drain.await(machine::isLeading, "stopping") || !machine.isLeading()) {
            return true; // not leading: the release refuses by itself while calls run
        }
        AgentLog.warn(GatedCallDrain.describe(drain.running()) + " still running after " + drain.bound().toMillis()
                + " ms (leadergate.shutdown.drain): keeping lease " + settings.leaseKey()
                + " until this JVM exits, which ends them; other replicas take over when it expires, "
                + settings.leaseDuration().getSeconds() + " s later (for calls that may outlive leadership: "
                + "leadergate.on.loss, fencing tokens)");
        return false;
    }

    /**
     * Shuts the gate and hands the Lease over once no gated call runs: at once when none does, else
     * from a {@code leadergate-step-down} thread, at most the drain bound later; abandoned with one
     * warning (the gate reopens at the next renewal) when calls still run then.
     *
     * @return false, and nothing happens, when not leading or already stepping down
     */
    boolean stepDown() {
        if (!machine.isLeading() || !gate.hold()) {
            return false;
        }
        if (drain.running() <= 0) {
            return handOver();
        }
        Thread drainer = new Thread(this::handOverWhenDrained, "leadergate-step-down");
        drainer.setDaemon(true);
        drainer.start();
        return true;
    }

    private void handOverWhenDrained() {
        if (drain.await(machine::isLeading, "stepping down")) {
            handOver();
            return;
        }
        boolean stillLeading = machine.isLeading();
        // Not resumed once stop() holds the gate for good: it drains (and releases) by itself.
        if (gate.resume() && stillLeading) {
            AgentLog.warn("step-down from lease " + settings.leaseKey() + " abandoned: "
                    + GatedCallDrain.describe(drain.running()) + " still running after " + drain.bound().toMillis()
                    + " ms (leadergate.shutdown.drain); still leading, gated calls run again from the next renewal");
        }
    }

    /**
     * Gate held, nothing in flight: the machine's next turn releases. The hold can end at once: a
     * machine that no longer leads grants nothing before a new term.
     */
    private boolean handOver() {
        boolean handedOver = machine.stepDown();
        gate.resume();
        return handedOver;
    }
}
