package io.leadergate.agent.expose;

import io.leadergate.agent.config.AgentConfig;
import io.leadergate.agent.config.ConfigKeys;
import io.leadergate.agent.config.ReadinessMode;
import io.leadergate.agent.election.ElectionEvents;
import io.leadergate.agent.election.ElectionSettings;
import io.leadergate.agent.election.LeaseClient;
import io.leadergate.agent.election.LeaseElector;
import io.leadergate.agent.log.AgentLog;
import io.leadergate.bootstrap.Gate;
import io.leadergate.bootstrap.LeadershipView;
import io.prometheus.client.CollectorRegistry;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalInt;

/**
 * Everything that shows leadership to the outside, wired in the order the agent's start thread
 * learns things: {@link #start} (health port up, answering "starting"), then {@link #events} for
 * the elector to be built with and {@link #electing} once it exists, or {@link #notElecting} with
 * the reason. Readers only: nothing here changes who leads, except an operator's explicit JMX
 * {@code stepDown()}.
 *
 * <p>No public method throws: a failure costs only the piece that failed, logged once, and the
 * election goes on.
 */
public final class Exposure {

    private final ElectionStatus status;

    /**
     * Ours alone: an application's own (unrelocated) simpleclient default registry never meets it.
     */
    private final CollectorRegistry registry;

    /** The election metrics' families in {@link #registry}, built once, shared by every Lease. */
    private ElectionMetrics.Families families;

    private final ProbeAnswers probes;
    private final HealthServer server;

    /** Every group's MBean, registered once the platform MBeanServer exists; in every events. */
    private final JmxRegistration jmx;

    /**
     * @param address where to serve the health port; null for no health port
     */
    Exposure(ElectionStatus status, ReadinessMode readiness, InetSocketAddress address) {
        this.status = status;
        this.probes = new ProbeAnswers(status, readiness);
        this.jmx = new JmxRegistration();
        this.registry = new CollectorRegistry();
        registry.register(new GateCollector());
        registry.register(new LeadershipCollector(status));
        this.server =
                address == null
                        ? null
                        : HealthServer.start(
                                        address,
                                        probes,
                                        new LeaderDocument(status),
                                        new MetricsEndpoint(registry))
                                .orElse(null);
    }

    /** Nothing exposed: what {@link #start} returns when even setting up failed. */
    private Exposure() {
        this.status = null;
        this.probes = null;
        this.jmx = null;
        this.registry = null;
        this.server = null;
    }

    /**
     * Starts the health port unless {@code leadergate.health.port} is off. Call on the agent's
     * start thread.
     */
    public static Exposure start(AgentConfig config) {
        try {
            int port = config.get(ConfigKeys.HEALTH_PORT);
            String host = config.get(ConfigKeys.HEALTH_ADDRESS);
            InetSocketAddress address =
                    port == 0
                            ? null
                            : host == null
                                    ? new InetSocketAddress(port)
                                    : new InetSocketAddress(host, port);
            if (address != null && address.isUnresolved()) {
                AgentLog.warn(
                        "cannot resolve leadergate.health.address="
                                + host
                                + ": the health port is off on this "
                                + "replica; the application and the election go on");
                address = null;
            }
            return new Exposure(
                    ElectionStatus.ofBootstrapGate(),
                    config.get(ConfigKeys.HEALTH_READINESS),
                    address);
        } catch (Throwable t) {
            AgentLog.error(
                    "cannot set up the health port, metrics and JMX; the election goes on without them",
                    t);
            return new Exposure();
        }
    }

    /**
     * What the elector for {@code settings} tells: metrics, liveness, and the Leadership API's
     * fencing token. {@link ElectionEvents#NONE} when nothing is exposed.
     */
    public ElectionEvents events(ElectionSettings settings) {
        return events(settings, 0);
    }

    /**
     * As {@link #events(ElectionSettings)} for the first group to elect, whose bootstrap gate is
     * {@code gateIndex}.
     */
    public ElectionEvents events(ElectionSettings settings, int gateIndex) {
        if (status == null) {
            return ElectionEvents.NONE;
        }
        try {
            ElectionMetrics metrics =
                    new ElectionMetrics(families(), settings.leaseName(), System::nanoTime);
            Liveness liveness = new Liveness(settings, System::nanoTime);
            probes.judgeLivenessBy(liveness);
            return ElectionEvents.all(
                    List.of(new LeadershipPublisher(gateIndex, true), metrics, liveness, jmx));
        } catch (Throwable t) {
            AgentLog.error("cannot set up the election metrics; the election goes on", t);
            return new LeadershipPublisher(gateIndex, true);
        }
    }

    /**
     * What the elector of a further group (gate {@code gateIndex}) tells: the Leadership API's
     * per-group fencing token, its Lease's event-driven metrics ({@code name=<its lease>}) and its
     * liveness (one stuck elector fails {@code /healthz}).
     */
    public ElectionEvents groupEvents(ElectionSettings settings, int gateIndex) {
        if (status == null) {
            return ElectionEvents.NONE;
        }
        LeadershipPublisher publisher = new LeadershipPublisher(gateIndex, false);
        try {
            Liveness liveness = new Liveness(settings, System::nanoTime);
            probes.judgeLivenessBy(liveness);
            return ElectionEvents.all(
                    List.of(
                            publisher,
                            new ElectionMetrics(families(), settings.leaseName(), System::nanoTime),
                            liveness,
                            jmx));
        } catch (Throwable t) {
            AgentLog.error("cannot set up the election metrics of " + settings.leaseKey(), t);
            return publisher;
        }
    }

    private synchronized ElectionMetrics.Families families() {
        if (families == null) {
            families = new ElectionMetrics.Families(registry);
        }
        return families;
    }

    /**
     * The elector exists, built with {@link #events}: readers, JMX and the Leadership API follow
     * it. {@code client} is its Lease client, for {@code Leadership.verify()}.
     */
    public void electing(ElectionSettings settings, LeaseElector elector, LeaseClient client) {
        electing(settings, elector, client, 0);
    }

    /**
     * As {@link #electing(ElectionSettings, LeaseElector, LeaseClient)} for the elector of the
     * group whose bootstrap gate is {@code gateIndex} (the first group to elect, which the
     * top-level readers follow).
     */
    public void electing(
            ElectionSettings settings, LeaseElector elector, LeaseClient client, int gateIndex) {
        if (status == null) {
            return;
        }
        try {
            status.electing(settings, elector::state, () -> Gate.isOpen(gateIndex));
            LeadershipView.publish(
                    () -> elector.state().holderIdentity(), new LiveLeaseCheck(client, settings));
            jmx.register(new LeadershipBean(settings, elector, status), settings.leaseName());
        } catch (Throwable t) {
            AgentLog.error(
                    "cannot expose the election (health port, metrics, JMX, Leadership API); "
                            + "the election goes on",
                    t);
        }
    }

    /**
     * The elector of {@code group} (every group's, the first one's too) exists: {@code /leader}
     * lists it, readiness counts it, the Leadership API answers for it, and a further group gets an
     * MBean of its own ({@code name=<its lease>}, with {@code stepDown()}).
     */
    public void groupElecting(
            String group,
            int gateIndex,
            ElectionSettings settings,
            LeaseElector elector,
            LeaseClient client) {
        if (status == null) {
            return;
        }
        try {
            status.groupElecting(group, settings, elector::state, () -> Gate.isOpen(gateIndex));
            LeadershipView.publishGroup(
                    group,
                    gateIndex,
                    () -> elector.state().holderIdentity(),
                    new LiveLeaseCheck(client, settings));
            boolean first =
                    status.settings()
                            .map(top -> top.leaseName().equals(settings.leaseName()))
                            .orElse(false);
            if (!first) { // the first group's MBean is registered by electing()
                ElectionStatus own = new ElectionStatus(() -> Gate.isOpen(gateIndex));
                own.electing(settings, elector::state);
                jmx.register(new LeadershipBean(settings, elector, own), settings.leaseName());
            }
        } catch (Throwable t) {
            AgentLog.error("cannot expose the election of group " + group + "; it goes on", t);
        }
    }

    /** This replica will not elect; readiness says why. */
    public void notElecting(String reason) {
        if (status != null) {
            status.notElecting(reason);
        }
    }

    /** The health port's bound port; empty when off or not started. */
    OptionalInt healthPort() {
        return server == null ? OptionalInt.empty() : OptionalInt.of(server.port());
    }

    void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
