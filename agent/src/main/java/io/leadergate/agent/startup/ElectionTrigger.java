package io.leadergate.agent.startup;

import io.leadergate.agent.config.AgentConfig;
import io.leadergate.agent.config.ConfigKeys;
import io.leadergate.agent.instrument.GatedMethods;
import io.leadergate.agent.log.AgentLog;

/**
 * Decides when the election (elector, health port, Leadership view) starts: with the JVM when
 * {@code leadergate.eager=true}, else when the first gated method's class is woven or the first
 * gated executor task class is seen. {@code JAVA_TOOL_OPTIONS} reaches every JVM of a container,
 * and a JVM with nothing to gate must not contend for the Lease, bind the port or call the API
 * server. Then the health port starts at once, the election itself once the application's start-up
 * is over or it asks for leadership ({@link ElectionWait}).
 *
 * <p>Starting late costs nothing in safety: the gate is shut until the elector has written the
 * Lease, so a gated call that comes before the election has started is skipped like a follower's.
 */
final class ElectionTrigger {

    private ElectionTrigger() {}

    /**
     * @param premainNanos {@code System.nanoTime()} when premain began, for the log
     */
    static void arm(AgentConfig config, String version, GatedMethods gated, long premainNanos) {
        if (config.get(ConfigKeys.EAGER)) {
            ElectionStart.inBackground(config, version, gated, premainNanos);
            return;
        }
        AgentLog.debug(
                "the election starts after the first gated class is loaded, when the start-up has"
                        + " settled or gated work is refused ("
                        + ConfigKeys.EAGER.name()
                        + "=true starts it with the JVM)");
        gated.whenFirstGated(new AfterStartUp(config, version, gated, premainNanos));
    }

    /**
     * The election's start once the first gated class is woven. A class, not a lambda: the first
     * lambda of the agent's loader made premain spin four {@code LambdaForm} classes, ~3-4 ms of
     * every JVM's start (class-load log, 2026-12-02, Java 17), for one call that may never come.
     */
    private static final class AfterStartUp implements Runnable {

        private final AgentConfig config;
        private final String version;
        private final GatedMethods gated;
        private final long premainNanos;

        AfterStartUp(AgentConfig config, String version, GatedMethods gated, long premainNanos) {
            this.config = config;
            this.version = version;
            this.gated = gated;
            this.premainNanos = premainNanos;
        }

        @Override
        public void run() {
            ElectionStart.inBackgroundAfterStartUp(config, version, gated, premainNanos);
        }
    }
}
