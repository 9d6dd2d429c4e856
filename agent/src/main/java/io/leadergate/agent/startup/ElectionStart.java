package io.leadergate.agent.startup;

import io.leadergate.agent.config.AgentConfig;
import io.leadergate.agent.config.ConfigKeys;
import io.leadergate.agent.config.LossAction;
import io.leadergate.agent.election.ElectionSettings;
import io.leadergate.agent.election.GateControl;
import io.leadergate.agent.election.KubeLeaseClient;
import io.leadergate.agent.election.LeaseElector;
import io.leadergate.agent.election.LeaseWatchSource;
import io.leadergate.agent.election.SystemClock;
import io.leadergate.agent.expose.Exposure;
import io.leadergate.agent.log.AgentLog;
import io.leadergate.agent.loss.GateClosingWatch;
import io.leadergate.agent.loss.LossReaction;
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
                            exposure.events(settings.get()),
                            SystemClock.INSTANCE);
            exposure.electing(settings.get(), elector, client);
            startElecting(elector, Runtime.getRuntime()::addShutdownHook);
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
        shutdownHooks.accept(new Thread(elector::stop, "leadergate-release"));
        elector.start();
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
