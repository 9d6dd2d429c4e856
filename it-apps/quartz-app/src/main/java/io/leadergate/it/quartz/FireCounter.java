package io.leadergate.it.quartz;

import java.util.concurrent.atomic.AtomicLong;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.listeners.JobListenerSupport;

/**
 * Counts what Quartz itself saw: every execution the scheduler completed, and those that ended in a
 * {@link JobExecutionException}. On a follower the job's body is skipped, yet Quartz must still see
 * completed executions and no failures.
 */
final class FireCounter extends JobListenerSupport {

    private final AtomicLong executed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    @Override
    public String getName() {
        return "fire-counter";
    }

    @Override
    public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
        executed.incrementAndGet();
        if (failure != null) {
            failed.incrementAndGet();
        }
    }

    long executed() {
        return executed.get();
    }

    long failed() {
        return failed.get();
    }
}
