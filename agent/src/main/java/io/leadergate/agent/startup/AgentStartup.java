package io.leadergate.agent.startup;

import io.leadergate.agent.config.AgentConfig;
import io.leadergate.agent.config.ConfigKeys;
import io.leadergate.agent.config.LossAction;
import io.leadergate.agent.instrument.GatedMethods;
import io.leadergate.agent.log.AgentLog;
import io.leadergate.bootstrap.InFlightCalls;
import java.lang.instrument.Instrumentation;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What {@code premain} does, in order: config, bootstrap classes, the weaving transformer (with the
 * retransformation of candidates loaded before it), then the elector on a background thread. Runs
 * on the JVM's main thread before the application, so it does only what must precede the first
 * application class and leaves the rest to {@link InstrumentationStart} and {@link ElectionStart}.
 *
 * <p>Order matters: the bootstrap classes must be on the bootstrap path before the instrumentation
 * references {@code Gate}, and the candidate filter must be registered before returning, or an
 * early gated class could load before the instrumentation is ready and run unguarded.
 */
public final class AgentStartup {

    private AgentStartup() {}

    public static void start(String agentArgs, Instrumentation instrumentation) {
        long startedNanos = System.nanoTime();
        String version = AgentVersion.current();
        if (!SingleActivation.claim(version)) {
            AgentLog.info(
                    "leadergate is already active in this JVM; ignoring the agent given a second time");
            return;
        }
        AgentConfig config = AgentConfig.fromSystem(agentArgs);
        AgentLog.setLevel(config.logLevel());
        Optional<String> tool = JdkToolJvm.detect();
        if (tool.isPresent()) {
            // JAVA_TOOL_OPTIONS reaches jcmd, keytool, mvn...: stay silent and install nothing
            // there.
            AgentLog.debug("inactive in this JVM: it runs the tool " + tool.get());
            return;
        }
        config.logProblems();
        if (!config.enabled()) {
            AgentLog.info(
                    "leadergate "
                            + version
                            + " disabled; the methods and tasks selected for gating run on every replica");
            return;
        }
        long configuredNanos = System.nanoTime();
        String bootstrap;
        try {
            bootstrap = BootstrapInjection.inject(instrumentation);
        } catch (Throwable failure) {
            AgentLog.error(
                    "cannot put io.leadergate.bootstrap on the bootstrap class path, so nothing is gated: "
                            + "the methods and tasks selected for gating run on every replica",
                    failure);
            return;
        }
        long injectedNanos = System.nanoTime();
        if (config.get(ConfigKeys.ON_LOSS) == LossAction.INTERRUPT) {
            InFlightCalls
                    .enableTracking(); // before any advice is chosen: the tracking advice is woven
        }
        GatedMethods gated = new GatedMethods();
        try {
            InstrumentationStart.install(instrumentation, config, gated, startedNanos);
        } catch (Throwable failure) {
            AgentLog.error(
                    "cannot install the instrumentation, so nothing is gated: the methods and tasks "
                            + "selected for gating run on every replica",
                    failure);
            return;
        }
        ElectionTrigger.arm(config, version, gated, startedNanos);
        long installedNanos = System.nanoTime();
        AgentLog.debug(
                "premain took "
                        + millis(installedNanos - startedNanos)
                        + " ms (config "
                        + millis(configuredNanos - startedNanos)
                        + ", bootstrap classes "
                        + millis(injectedNanos - configuredNanos)
                        + ", candidate filter "
                        + millis(installedNanos - injectedNanos)
                        + "); bootstrap classes: "
                        + bootstrap);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
