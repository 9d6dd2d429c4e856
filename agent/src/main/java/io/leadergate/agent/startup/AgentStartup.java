package io.leadergate.agent.startup;

import io.leadergate.agent.config.AgentConfig;
import io.leadergate.agent.instrument.GatedMethods;
import io.leadergate.agent.instrument.GatingAgentBuilder;
import io.leadergate.agent.instrument.Instrumentations;
import io.leadergate.agent.log.AgentLog;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.TimeUnit;

/**
 * What {@code premain} does, in order: config, bootstrap classes, instrumentation, then the
 * elector on a background thread. Runs on the JVM's main thread before the application, so it does
 * only what must precede the first application class and leaves the rest to {@link ElectionStart}.
 *
 * <p>Order matters: the bootstrap classes must be on the bootstrap path before the instrumentation
 * references {@code Gate}, and the instrumentation must be installed before returning, or an early
 * gated call would run unguarded.
 */
public final class AgentStartup {

    private AgentStartup() {}

    public static void start(String agentArgs, Instrumentation instrumentation) {
        long startedNanos = System.nanoTime();
        String version = AgentVersion.current();
        if (!SingleActivation.claim(version)) {
            AgentLog.info("leadergate is already active in this JVM; ignoring the agent given a second time");
            return;
        }
        AgentConfig config = AgentConfig.fromSystem(agentArgs);
        AgentLog.setLevel(config.logLevel());
        config.logProblems();
        if (!config.enabled()) {
            AgentLog.info("leadergate " + version + " disabled; @LeaderOnly methods run on every replica");
            return;
        }
        long configuredNanos = System.nanoTime();
        String bootstrap;
        try {
            bootstrap = BootstrapInjection.inject(instrumentation);
        } catch (Throwable failure) {
            AgentLog.error("cannot put io.leadergate.bootstrap on the bootstrap class path, so nothing is gated "
                    + "and @LeaderOnly methods run on every replica", failure);
            return;
        }
        long injectedNanos = System.nanoTime();
        GatedMethods gated = new GatedMethods();
        try {
            GatingAgentBuilder.install(instrumentation, Instrumentations.fromConfig(config, gated));
        } catch (Throwable failure) {
            AgentLog.error("cannot install the instrumentation, so nothing is gated and @LeaderOnly methods "
                    + "run on every replica", failure);
            return;
        }
        ElectionStart.inBackground(config, version);
        GatingSummary.logLater(gated);
        long installedNanos = System.nanoTime();
        AgentLog.debug("premain took " + millis(installedNanos - startedNanos) + " ms (config "
                + millis(configuredNanos - startedNanos) + ", bootstrap classes " + millis(injectedNanos - configuredNanos)
                + ", instrumentation " + millis(installedNanos - injectedNanos) + "); bootstrap classes: " + bootstrap);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
