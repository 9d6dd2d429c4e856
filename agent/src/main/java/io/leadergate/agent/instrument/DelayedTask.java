package io.leadergate.agent.instrument;

import java.util.concurrent.TimeUnit;

/** Runs one agent task once, after a delay, on its own daemon thread; it never outlives the app. */
final class DelayedTask implements Runnable {

    private final long delaySeconds;
    private final Runnable task;

    private DelayedTask(long delaySeconds, Runnable task) {
        this.delaySeconds = delaySeconds;
        this.task = task;
    }

    static void start(String threadName, long delaySeconds, Runnable task) {
        Thread thread = new Thread(new DelayedTask(delaySeconds, task), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        try {
            TimeUnit.SECONDS.sleep(delaySeconds);
            task.run();
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException bug) {
            // A report is not worth a stack trace on the app's stderr; say it briefly.
            io.leadergate.agent.log.AgentLog.debug("delayed agent task failed: " + bug);
        }
    }
}
