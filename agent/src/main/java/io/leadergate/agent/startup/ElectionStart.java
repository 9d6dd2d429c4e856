package io.leadergate.agent.startup;

import io.leadergate.agent.config.AgentConfig;
import io.leadergate.agent.config.ConfigKeys;
import io.leadergate.agent.config.LeaderService;
import io.leadergate.agent.config.LossAction;
import io.leadergate.agent.config.WorkGroups;
import io.leadergate.agent.election.ElectionEvents;
import io.leadergate.agent.election.ElectionSettings;
import io.leadergate.agent.election.GateControl;
import io.leadergate.agent.election.KubeLeaseClient;
import io.leadergate.agent.election.LeaseElector;
import io.leadergate.agent.election.LeaseWatchSource;
import io.leadergate.agent.election.Spread;
import io.leadergate.agent.election.SystemClock;
import io.leadergate.agent.expose.Exposure;
import io.leadergate.agent.expose.LeaderEndpointSlice;
import io.leadergate.agent.instrument.GatedMethods;
import io.leadergate.agent.log.AgentLog;
import io.leadergate.agent.loss.GateClosingWatch;
import io.leadergate.agent.loss.LossReaction;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts the Lease elector off the application's main thread: resolving the election reads files
 * and building the Kubernetes client loads thousands of classes, neither of which belongs in {@code
 * premain}. Until the elector proves leadership the gate stays closed, so a failure here only means
 * gated work stays off.
 */
final class ElectionStart implements Runnable {

    static final String THREAD_NAME = "leadergate-start";

    private final AgentConfig config;
    private final String version;
    private final GatedMethods gated;

    /** {@code System.nanoTime()} when premain began, for the log. */
    private final long premainNanos;

    /** What the election waits for after the health port starts; null: nothing (eager). */
    private ElectionWait startUpWait;

    /** Set once the election is resolved (start thread); then groups may start. Guarded by this. */
    private ElectionSettings settings;

    private KubeLeaseClient client;
    private Exposure exposure;
    private Spread spread;
    private boolean exposed;
    private final Set<String> started = new HashSet<>();

    /** What the shutdown hook runs before the elector's stop: the leader service's withdrawal. */
    private Runnable beforeRelease;

    private ElectionStart(
            AgentConfig config, String version, GatedMethods gated, long premainNanos) {
        this.config = config;
        this.version = version;
        this.gated = gated;
        this.premainNanos = premainNanos;
    }

    /** Starts everything now ({@code leadergate.eager=true}). */
    static void inBackground(
            AgentConfig config, String version, GatedMethods gated, long premainNanos) {
        start(new ElectionStart(config, version, gated, premainNanos), false);
    }

    /**
     * Starts the health port now and the election when {@link ElectionWait} says; called when the
     * first gated class is registered, on the thread loading it.
     */
    static void inBackgroundAfterStartUp(
            AgentConfig config, String version, GatedMethods gated, long premainNanos) {
        start(new ElectionStart(config, version, gated, premainNanos), true);
    }

    private static void start(ElectionStart start, boolean waits) {
        Thread thread = new Thread(start, THREAD_NAME);
        thread.setDaemon(true);
        if (waits) {
            // Before the thread starts: a gated call can come as soon as the class is defined.
            start.startUpWait = ElectionWait.armed(thread);
        }
        thread.start();
    }

    @Override
    public void run() {
        // First, so probes answer (503 "starting") while the election waits and is resolved.
        Exposure exposure = Exposure.start(config);
        awaitStartUp();
        try {
            // Logs once, by itself, what was derived or, in one line, why this replica does not
            // elect.
            Optional<ElectionSettings> settings = config.resolveElection().settings();
            if (settings.isEmpty()) {
                exposure.notElecting(
                        config.resolveElection().reason().orElse("no lease to elect on"));
                return;
            }
            AgentLog.info("leadergate " + version + " active: " + config.describe());
            KubeLeaseClient client = KubeLeaseClient.create(settings.get(), config.kubeconfig());
            synchronized (this) {
                this.settings = settings.get();
                this.client = client;
                this.exposure = exposure;
                this.spread = new Spread(settings.get(), SystemClock.INSTANCE);
            }
            if (config.get(ConfigKeys.EAGER)) {
                startGroup(WorkGroups.DEFAULT);
            }
            // Each group's elector starts when its first work is gated (now, for those that are).
            gated.whenGroupGated(this::startLater);
        } catch (Throwable failure) {
            AgentLog.error(
                    "cannot start the leader election; this replica never leads and gated work stays off",
                    failure);
            exposure.notElecting("the leader election could not start: " + failure);
        }
    }

    /** Waits for {@link #startUpWait}, if any, and logs which rule ended it, and when. */
    private void awaitStartUp() {
        if (startUpWait == null) {
            return;
        }
        try {
            ElectionWait.Start start = startUpWait.await();
            if (AgentLog.enabled(AgentLog.Level.DEBUG)) {
                long now = System.nanoTime();
                AgentLog.debug(
                        "the election starts "
                                + millis(now - premainNanos)
                                + " ms after premain ("
                                + millis(now - startUpWait.firstGatedNanos())
                                + " ms after the first gated class): "
                                + start);
            }
        } catch (RuntimeException | LinkageError failure) {
            // The wait only spares the start-up; starting now is always safe.
            AgentLog.warn("starting the leader election at once: " + failure);
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /**
     * Starts the elector of {@code group} on a thread of its own: the caller may be weaving a
     * class, under the registry's lock, where building an elector (and loading its classes) does
     * not belong.
     */
    private void startLater(String group) {
        Thread thread =
                new Thread(
                        () -> startGroup(group),
                        group.isEmpty() ? THREAD_NAME + "-default" : THREAD_NAME + "-" + group);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts the elector of {@code group} on its own Lease ({@link WorkGroups.LeaseNames#leaseOf}),
     * once. May run on a thread that is loading a class, so it does little: the elector's own
     * threads do the rest. A group whose Lease name is invalid is logged and stays off.
     */
    private synchronized void startGroup(String group) {
        if (!started.add(group)) {
            return;
        }
        // The default group is 0 also when started eagerly, before any work of it.
        int index = group.isEmpty() ? 0 : gated.indexOf(group);
        try {
            ElectionSettings groupSettings =
                    settings.forLease(config.leaseNames().leaseOf(settings.leaseName(), group));
            KubeLeaseClient groupClient = group.isEmpty() ? client : client.forLease(groupSettings);
            // The health port's top-level state, metrics, JMX and the Leadership API follow the
            // first group to elect (the default group's, unless only named groups have work).
            boolean first = !exposed;
            exposed = true;
            ElectionEvents events =
                    first
                            ? exposure.events(groupSettings, index)
                            : exposure.groupEvents(groupSettings, index);
            // The leader service follows one group every replica agrees on (leader.service.group,
            // the default group unless set): "the first to elect" differs between replicas, and
            // two groups' leaders would fight over one slice.
            boolean serviceGroup = group.equals(config.get(ConfigKeys.LEADER_SERVICE_GROUP));
            if (serviceGroup) {
                events = withLeaderService(groupSettings, groupClient, events);
            }
            LeaseElector elector =
                    new LeaseElector(
                            groupSettings,
                            groupClient,
                            config.get(ConfigKeys.WATCH)
                                    ? groupClient.watchSource()
                                    : LeaseWatchSource.NONE,
                            gate(index),
                            events,
                            SystemClock.INSTANCE);
            spread.add(elector, groupSettings.leaseName());
            if (started.size() == 2) {
                spread.start(); // a second Lease: now there is something to spread
            }
            if (!group.isEmpty()) {
                AgentLog.info(
                        "group "
                                + group
                                + " of gated work is elected on lease "
                                + groupSettings.leaseKey());
            }
            startElecting(
                    elector,
                    serviceGroup ? beforeRelease : null,
                    Runtime.getRuntime()::addShutdownHook);
            // Exposed once electing: the platform MBeanServer's first use takes 60-120 ms in a
            // fresh JVM, which a new pod's first claim no longer waits for (docs/performance.md,
            // "First Lease request"). Until then the health port answers "starting" and the
            // Leadership API "not leader", as before the elector's first write.
            if (first) {
                exposure.electing(groupSettings, elector, groupClient, index);
            }
            exposure.groupElecting(group, index, groupSettings, elector, groupClient);
        } catch (Throwable failure) {
            if (failure instanceof IllegalArgumentException) {
                // A refused Lease name: the message says it all, no stack trace.
                AgentLog.error(
                        "group "
                                + WorkGroups.shown(group)
                                + " is not elected: "
                                + failure.getMessage()
                                + "; its gated work stays off on this replica");
            } else {
                AgentLog.error(
                        "cannot start the leader election of group "
                                + WorkGroups.shown(group)
                                + "; its gated work stays off on this replica",
                        failure);
            }
        }
    }

    /**
     * Starts {@code elector} with its stop hook registered first: a SIGTERM arriving between the
     * two would otherwise leave an elector running, renewing and gating, with nothing to stop or
     * release it. If registration is refused (the JVM is already shutting down), the elector never
     * starts.
     */
    static void startElecting(LeaseElector elector, Consumer<Thread> shutdownHooks) {
        startElecting(elector, null, shutdownHooks);
    }

    /**
     * As {@link #startElecting(LeaseElector, Consumer)}, the hook first running {@code beforeStop}
     * (null: nothing), which must return within a bounded time.
     */
    static void startElecting(
            LeaseElector elector, Runnable beforeStop, Consumer<Thread> shutdownHooks) {
        Runnable stop =
                beforeStop == null
                        ? elector::stop
                        : () -> {
                            try {
                                beforeStop.run();
                            } finally {
                                elector.stop();
                            }
                        };
        shutdownHooks.accept(new Thread(stop, "leadergate-release"));
        elector.start();
    }

    /**
     * {@code leadergate.leader.service}: {@code events} plus the leader's EndpointSlice writer,
     * whose withdrawal becomes {@link #beforeRelease}; {@code events} alone when the feature is off
     * (then none of its classes is loaded). Never throws: a failure costs the feature, not the
     * election.
     */
    private ElectionEvents withLeaderService(
            ElectionSettings settings, KubeLeaseClient client, ElectionEvents events) {
        try {
            Optional<LeaderService> service = LeaderService.of(config);
            if (service.isPresent()) {
                LeaderEndpointSlice slice =
                        LeaderEndpointSlice.start(service.get(), settings, client);
                beforeRelease = slice::withdrawForRelease;
                return ElectionEvents.all(List.of(events, slice));
            }
        } catch (IllegalStateException off) {
            AgentLog.warn(off.getMessage());
        } catch (RuntimeException | LinkageError failure) {
            AgentLog.error(
                    "cannot start the leader service; the election and gating go on without it",
                    failure);
        }
        return events;
    }

    /**
     * The bootstrap gate of group {@code index}, watched for closings when {@code
     * leadergate.on.loss} asks for more than continue.
     */
    private GateControl gate(int index) {
        LossAction onLoss = config.get(ConfigKeys.ON_LOSS);
        GateControl gate = GateControl.ofGroup(index);
        return onLoss == LossAction.CONTINUE
                ? gate
                : GateClosingWatch.around(gate, LossReaction.of(onLoss, index), index);
    }
}
