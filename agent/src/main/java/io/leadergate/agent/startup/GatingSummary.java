package io.leadergate.agent.startup;

import io.leadergate.agent.instrument.GatedMethods;
import io.leadergate.agent.log.AgentLog;
import java.util.concurrent.TimeUnit;

/**
 * Logs at INFO what is gated, a little after startup: classes load lazily, so a line in {@code
 * premain} would always say "nothing yet". Runs once, on a daemon thread that ends with that line
 * (issue 9: no agent thread lingers for a report). Slow starters (a Spring Boot app loads its
 * scheduled beans after ~20 s on a busy node) gate more afterwards: each class gated after the line
 * gets one line of its own, logged by the thread that loads it. Each class is also logged at DEBUG
 * when gated.
 */
final class GatingSummary implements Runnable {

    static final long DELAY_SECONDS = 10;

    private static final int LISTED_METHODS = 20;

    private final GatedMethods gated;

    GatingSummary(GatedMethods gated) {
        this.gated = gated;
    }

    @Override
    public void run() {
        try {
            TimeUnit.SECONDS.sleep(DELAY_SECONDS);
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
            return;
        }
        gated.whenClassGated(
                className ->
                        AgentLog.info(
                                "gating "
                                        + className
                                        + " too, loaded after the summary; now "
                                        + gated.methodCount()
                                        + " gated methods and tasks in "
                                        + gated.classCount()
                                        + " classes"));
        // After the listener, so that a class gated in between is in a line (perhaps two).
        AgentLog.info(gated.summary(LISTED_METHODS));
    }
}
