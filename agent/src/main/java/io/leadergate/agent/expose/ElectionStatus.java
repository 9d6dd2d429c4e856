package io.leadergate.agent.expose;

import io.leadergate.agent.election.ElectionSettings;
import io.leadergate.agent.election.LeadershipState;
import io.leadergate.bootstrap.Gate;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The election as every reader (health port, metrics, JMX) sees it: starting, electing (with the
 * elector's latest state), or not electing (with the reason). Set by the agent's start thread, read
 * by any thread; never blocks.
 *
 * <p>{@link #leading()} is the one definition of "leader" the readers share: the elector says so
 * <em>and</em> the gate is open, so no reader ever calls a replica leader while its gated work is
 * off.
 */
public final class ElectionStatus {

    private final BooleanSupplier gateOpen;
    private volatile String notElectingReason = "starting: the leader election has not started yet";
    private volatile ElectionSettings settings;
    private volatile Supplier<LeadershipState> source;

    /**
     * @param gateOpen whether gated work is admitted now ({@link Gate#isOpen()} in production)
     */
    public ElectionStatus(BooleanSupplier gateOpen) {
        this.gateOpen = gateOpen;
    }

    /** Reads the process-wide gate on the bootstrap class path. */
    public static ElectionStatus ofBootstrapGate() {
        return new ElectionStatus(Gate::isOpen);
    }

    /**
     * The elector exists; {@code source} returns its latest state ({@code LeaseElector::state}).
     */
    public void electing(ElectionSettings settings, Supplier<LeadershipState> source) {
        this.settings = settings;
        this.source = source;
        this.notElectingReason = null;
    }

    /**
     * This replica will not elect (configuration, or the elector could not start); gated work stays
     * off.
     */
    public void notElecting(String reason) {
        this.source = null;
        this.notElectingReason = reason;
    }

    public boolean isElecting() {
        return source != null;
    }

    /** Why this replica does not elect (or has not started yet); empty while electing. */
    public Optional<String> notElectingReason() {
        return Optional.ofNullable(source == null ? notElectingReason : null);
    }

    public Optional<ElectionSettings> settings() {
        return Optional.ofNullable(source == null ? null : settings);
    }

    /** The elector's latest state; empty unless electing. */
    public Optional<LeadershipState> state() {
        Supplier<LeadershipState> current = source;
        return current == null ? Optional.empty() : Optional.ofNullable(current.get());
    }

    /** True when the elector says leader and the gate admits gated work now. */
    public boolean leading() {
        return state().map(LeadershipState::isLeader).orElse(false) && gateOpen.getAsBoolean();
    }

    /** True when gated work is admitted now, whatever the elector's last snapshot says. */
    public boolean gateOpen() {
        return gateOpen.getAsBoolean();
    }
}
