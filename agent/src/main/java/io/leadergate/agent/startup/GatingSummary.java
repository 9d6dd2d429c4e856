package io.leadergate.agent.startup;

import io.leadergate.agent.instrument.GatedMethods;
import io.leadergate.agent.log.AgentLog;
import java.util.concurrent.TimeUnit;

/**
 * Logs at INFO what is gated, a little after startup: classes load lazily, so a line in {@code
 * premain} would always say "nothing yet". The line is repeated only if more methods are gated
 * during the first five minutes. Each class is also logged at DEBUG when gated. Runs on a daemon
 * thread of its own, for the first few minutes only.
 */
final class GatingSummary implements Runnable {

    static final long DELAY_SECONDS = 10;

    /** Checks for newly gated methods after the first line: {@value} × {@link #DELAY_SECONDS} s. */
    static final int FOLLOW_UP_CHECKS = 30;

    private static final int LISTED_METHODS = 20;

    private final GatedMethods gated;

    GatingSummary(GatedMethods gated) {
        this.gated = gated;
    }

    @Override
    public void run() {
        try {
            TimeUnit.SECONDS.sleep(DELAY_SECONDS);
            int logged = gated.methodCount();
            AgentLog.info(gated.summary(LISTED_METHODS));
            // Slow starters (a Spring Boot app loads its scheduled beans after ~20 s on a busy
            // node) gate
            // more after the first line: say it again when the set has grown, for the first few
            // minutes.
            for (int check = 0; check < FOLLOW_UP_CHECKS; check++) {
                TimeUnit.SECONDS.sleep(DELAY_SECONDS);
                int now = gated.methodCount();
                if (now > logged) {
                    logged = now;
                    AgentLog.info(gated.summary(LISTED_METHODS));
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }
}
