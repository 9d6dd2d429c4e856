package io.leadergate.agent.startup;

import io.leadergate.agent.instrument.GatedMethods;
import io.leadergate.agent.log.AgentLog;
import java.util.concurrent.TimeUnit;

/**
 * Logs once, at INFO, what is gated, a little after startup: classes load lazily, so a line in
 * {@code premain} would always say "nothing yet". Each class is also logged at DEBUG when gated.
 */
final class GatingSummary implements Runnable {

    static final long DELAY_SECONDS = 10;
    private static final int LISTED_METHODS = 20;

    private final GatedMethods gated;

    private GatingSummary(GatedMethods gated) {
        this.gated = gated;
    }

    static void logLater(GatedMethods gated) {
        Thread thread = new Thread(new GatingSummary(gated), "leadergate-summary");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        try {
            TimeUnit.SECONDS.sleep(DELAY_SECONDS);
            AgentLog.info(gated.summary(LISTED_METHODS));
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }
}
