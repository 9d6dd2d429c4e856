package io.leadergate.agent.startup;

import io.leadergate.agent.config.AgentConfig;
import io.leadergate.agent.config.ConfigKeys;
import io.leadergate.agent.config.LeaderService;
import io.leadergate.agent.config.LossAction;
import io.leadergate.agent.election.ElectionEvents;
import io.leadergate.agent.election.ElectionSettings;
import io.leadergate.agent.election.GateControl;
import io.leadergate.agent.election.KubeLeaseClient;
import io.leadergate.agent.election.LeaseElector;
import io.leadergate.agent.election.LeaseWatchSource;
import io.leadergate.agent.election.SystemClock;
import io.leadergate.agent.expose.Exposure;
import io.leadergate.agent.expose.LeaderEndpointSlice;
import io.leadergate.agent.log.AgentLog;
import io.leadergate.agent.loss.GateClosingWatch;
import io.leadergate.agent.loss.LossReaction;
import java.util.List;
import java.util.Optional;
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

    /** What the shutdown hook runs before the elector's stop: the leader service's withdrawal. */
    private Runnable beforeRelease;

    private ElectionStart(AgentConfig config, String version) {
        this.config = config;
        this.version = version;
    }

    static void inBackground(AgentConfig config, String version) {
        Thread thread = new Thread(new ElectionStart(config, version), THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        // First, so probes answer (503 "starting") while the election is being resolved.
        Exposure exposure = Exposure.start(config);
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
            LeaseElector elector =
                    new LeaseElector(
                            settings.get(),
                            client,
                            config.get(ConfigKeys.WATCH)
                                    ? client.watchSource()
                                    : LeaseWatchSource.NONE,
                            gate(),
                            withLeaderService(
                                    settings.get(), client, exposure.events(settings.get())),
                            SystemClock.INSTANCE);
            exposure.electing(settings.get(), elector, client);
            startElecting(elector, beforeRelease, Runtime.getRuntime()::addShutdownHook);
        } catch (Throwable failure) {
            AgentLog.error(
                    "cannot start the leader election; this replica never leads and gated work stays off",
                    failure);
            exposure.notElecting("the leader election could not start: " + failure);
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
     * The bootstrap gate, watched for closings when {@code leadergate.on.loss} asks for more than
     * continue.
     */
    private GateControl gate() {
        LossAction onLoss = config.get(ConfigKeys.ON_LOSS);
        return onLoss == LossAction.CONTINUE
                ? GateControl.BOOTSTRAP
                : GateClosingWatch.around(GateControl.BOOTSTRAP, LossReaction.of(onLoss));
    }
}
