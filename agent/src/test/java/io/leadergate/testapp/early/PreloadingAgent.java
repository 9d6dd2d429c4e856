package io.leadergate.testapp.early;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * An agent listed before Leadergate's that loads and runs gated code before Leadergate's premain:
 * those classes can only be woven by retransformation, and must be before {@code main} runs.
 */
public final class PreloadingAgent {

    private PreloadingAgent() {}

    public static void premain(String args, Instrumentation instrumentation) {
        EarlyApp.EarlyJob.run();
        new ScheduledThreadPoolExecutor(1).shutdown();
    }
}
