package io.leadergate.testapp.early;

import io.leadergate.LeaderOnly;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Uses gated code in the very first statements of {@code main}, while the agent is most likely
 * still building its instrumentation in the background: a {@code @LeaderOnly} method of a class
 * loaded right then, and a task of a gated class on a {@code ScheduledThreadPoolExecutor} (a JDK
 * class loaded right then too, or before the agent by {@link PreloadingAgent}). Prints how many
 * gated bodies ran: {@code early=0 task=0} on a follower.
 */
public final class EarlyApp {

    private EarlyApp() {}

    public static void main(String[] args) throws Exception {
        int early = EarlyJob.run();
        ExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        executor.submit(new EarlyTask());
        // Same executor, one thread, FIFO: once this ungated marker has run, the gated task has had
        // its turn.
        executor.submit(() -> {}).get(60, TimeUnit.SECONDS);
        executor.shutdown();
        System.out.println("early=" + early + " task=" + EarlyTask.bodies);
    }

    /** Returns how many times its body has run; 0 when skipped (a skipped int method returns 0). */
    public static final class EarlyJob {
        static int bodies;

        private EarlyJob() {}

        @LeaderOnly
        static int run() {
            return ++bodies;
        }
    }

    /**
     * Gated by {@code leadergate.gate.executors=io.leadergate.testapp.early.EarlyApp$EarlyTask}.
     */
    public static final class EarlyTask implements Runnable {
        static volatile int bodies;

        @Override
        public void run() {
            bodies++;
        }
    }
}
