package io.leadergate.agent.expose;

import io.leadergate.agent.election.ElectionSettings;
import io.leadergate.agent.election.LeadershipState;
import io.leadergate.bootstrap.Gate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
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
 *
 * <p>Groups (issue 12): each group of gated work is elected on a Lease of its own. The top-level
 * state is the first group's to elect (the default group's, unless only named groups have work), so
 * existing readers see what they always saw; {@link #groups()} lists every group, and {@link
 * #leadingAny()} is what readiness in {@code leader} mode asks.
 */
public final class ElectionStatus {

    /** One group's election as readers see it; {@code gateOpen} is that group's bootstrap gate. */
    public static final class Group {
        private final String name;
        private final ElectionSettings settings;
        private final Supplier<LeadershipState> source;
        private final BooleanSupplier gateOpen;

        Group(
                String name,
                ElectionSettings settings,
                Supplier<LeadershipState> source,
                BooleanSupplier gateOpen) {
            this.name = name;
            this.settings = settings;
            this.source = source;
            this.gateOpen = gateOpen;
        }

        /** The group's name; empty for the default group. */
        public String name() {
            return name;
        }

        public ElectionSettings settings() {
            return settings;
        }

        /** The group's elector's latest state; empty before its first observation. */
        public Optional<LeadershipState> state() {
            return Optional.ofNullable(source.get());
        }

        /** True when the group's elector says leader and the group's gate admits work now. */
        public boolean leading() {
            return state().map(LeadershipState::isLeader).orElse(false) && gateOpen.getAsBoolean();
        }
    }

    /** The gate of the group the top-level state follows; group 0's until {@link #electing}. */
    private volatile BooleanSupplier gateOpen;

    private volatile String notElectingReason = "starting: the leader election has not started yet";
    private volatile ElectionSettings settings;
    private volatile Supplier<LeadershipState> source;
    private final List<Group> groups = new CopyOnWriteArrayList<>();

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
        electing(settings, source, gateOpen);
    }

    /**
     * As {@link #electing(ElectionSettings, Supplier)}, for a group whose gate is {@code gateOpen}.
     */
    public void electing(
            ElectionSettings settings, Supplier<LeadershipState> source, BooleanSupplier gateOpen) {
        this.gateOpen = gateOpen;
        this.settings = settings;
        this.source = source;
        this.notElectingReason = null;
    }

    /**
     * The elector of {@code group} exists (every group's, the first one's too); {@code gateOpen}
     * reads that group's gate.
     */
    public void groupElecting(
            String group,
            ElectionSettings settings,
            Supplier<LeadershipState> source,
            BooleanSupplier gateOpen) {
        groups.add(new Group(group, settings, source, gateOpen));
    }

    /** Every group whose elector exists, in the order they started; empty unless electing. */
    public List<Group> groups() {
        return source == null ? List.of() : List.copyOf(groups);
    }

    /**
     * True when this replica leads at least one group now (the top-level election when no group was
     * registered).
     */
    public boolean leadingAny() {
        if (leading()) {
            return true;
        }
        for (Group group : groups()) {
            if (group.leading()) {
                return true;
            }
        }
        return false;
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
