package io.leadergate.it.quartz;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.EverythingMatcher;

/**
 * A Quartz scheduler (in-memory RAMJobStore) firing one job every {@value #INTERVAL_MILLIS} ms,
 * forever. No annotation, no Leadergate dependency: with {@code LEADERGATE_GATE_QUARTZ=true} the
 * agent gates the job on every replica but the Lease holder.
 *
 * <p>The job class is not on the class path: it ships in {@code quartz-app-jobs.jar} beside this
 * jar and is loaded through a child {@link URLClassLoader}, the way plugin systems load work.
 *
 * <p>Environment: {@code IT_REPLICA_ID} names this replica in its output; {@code IT_RUN_LOG}, if
 * set, is the file every executed run is appended to. Prints a status line every second: {@code
 * replica-1: quartz fired 20 times (0 failed), job body ran 20 times}.
 */
public final class QuartzApp {

    static final long INTERVAL_MILLIS = 50;
    static final String JOB_CLASS = "io.leadergate.it.quartz.jobs.SingletonJob";

    private QuartzApp() {}

    public static void main(String[] args) throws Exception {
        String replicaId =
                System.getenv()
                        .getOrDefault("IT_REPLICA_ID", "pid-" + ProcessHandle.current().pid());
        String runLog = System.getenv("IT_RUN_LOG");
        JobRuns.useRecorder(runLog == null || runLog.isBlank() ? null : Path.of(runLog), replicaId);

        Class<? extends Job> jobClass = jobsLoader().loadClass(JOB_CLASS).asSubclass(Job.class);
        Scheduler scheduler = new StdSchedulerFactory(quartzProperties()).getScheduler();
        FireCounter fires = new FireCounter();
        scheduler.getListenerManager().addJobListener(fires, EverythingMatcher.allJobs());
        JobDetail job = JobBuilder.newJob(jobClass).withIdentity("singleton").build();
        Trigger trigger =
                TriggerBuilder.newTrigger()
                        .withIdentity("every-50ms")
                        .startNow()
                        .withSchedule(
                                SimpleScheduleBuilder.simpleSchedule()
                                        .withIntervalInMilliseconds(INTERVAL_MILLIS)
                                        .repeatForever())
                        .build();
        scheduler.scheduleJob(job, trigger);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    System.out.println(replicaId + ": stopping");
                                    System.out.flush();
                                },
                                "quartz-app-shutdown"));
        scheduler.start();
        System.out.println(
                replicaId
                        + ": started (pid "
                        + ProcessHandle.current().pid()
                        + "), "
                        + jobClass.getName()
                        + " from loader "
                        + jobClass.getClassLoader().getName()
                        + ", fired every "
                        + INTERVAL_MILLIS
                        + " ms");
        while (true) {
            Thread.sleep(1000);
            System.out.println(
                    replicaId
                            + ": quartz fired "
                            + fires.executed()
                            + " times ("
                            + fires.failed()
                            + " failed), job body ran "
                            + JobRuns.bodies()
                            + " times");
            System.out.flush();
        }
    }

    /** A child of the application loader that alone sees {@code quartz-app-jobs.jar}. */
    private static ClassLoader jobsLoader() throws Exception {
        Path appJar =
                Path.of(
                        QuartzApp.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI());
        Path jobsJar = appJar.resolveSibling("quartz-app-jobs.jar");
        if (!Files.isRegularFile(jobsJar)) {
            throw new IllegalStateException(
                    jobsJar + " is missing; build it-apps/quartz-app with mvn package");
        }
        return new URLClassLoader(
                "quartz-app-jobs",
                new URL[] {jobsJar.toUri().toURL()},
                QuartzApp.class.getClassLoader());
    }

    private static Properties quartzProperties() {
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", "quartz-app");
        properties.setProperty("org.quartz.threadPool.threadCount", "2");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        return properties;
    }
}
