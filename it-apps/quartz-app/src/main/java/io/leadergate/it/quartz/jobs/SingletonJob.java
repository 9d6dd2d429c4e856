package io.leadergate.it.quartz.jobs;

import io.leadergate.it.quartz.JobRuns;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The work that must run on one replica at a time: a plain Quartz job, no annotation of ours. Takes
 * {@value #RUN_MILLIS} ms, so two replicas running it at once would overlap visibly.
 */
@DisallowConcurrentExecution
public class SingletonJob implements Job {

    static final long RUN_MILLIS = 20;

    @Override
    public void execute(JobExecutionContext context) {
        long startNanos = System.nanoTime();
        try {
            Thread.sleep(RUN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        JobRuns.record(startNanos, System.nanoTime());
    }
}
