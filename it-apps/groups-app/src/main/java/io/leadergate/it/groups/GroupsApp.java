package io.leadergate.it.groups;

import io.leadergate.LeaderOnly;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Six groups of singleton work in one app, each called in its own loop every 50 ms: {@code alpha}
 * .. {@code delta} selected by {@code @LeaderOnly("group")}, {@code epsilon} and {@code zeta} by
 * {@code LEADERGATE_GATE_METHODS=epsilon=...PatternJobs#epsilon;zeta=...PatternJobs#zeta}. With
 * {@code IT_DEFAULT_GROUP=true} a seventh loop calls a plain {@code @LeaderOnly} method (the
 * default group). Run several replicas with the agent, and each group runs on one of them.
 *
 * <p>{@code IT_REPLICA_ID} names this replica; {@code IT_RUN_LOG}, if set, is the file every
 * executed run is appended to as {@code replica@group startNanos endNanos}. Prints {@code <id>:
 * leads <group>} and {@code <id>: stands by for <group>} on each change, and {@code <id>: leads
 * [..]} with the whole list, for the demo.
 */
public final class GroupsApp {

    static final long CALL_INTERVAL_MILLIS = 50;
    static final long RUN_MILLIS = 20;

    private static final Map<String, Boolean> LEADING = new TreeMap<>();
    private static String replicaId;
    private static FileOutputStream runLog;

    private GroupsApp() {}

    public static void main(String[] args) throws InterruptedException {
        replicaId =
                System.getenv()
                        .getOrDefault("IT_REPLICA_ID", "pid-" + ProcessHandle.current().pid());
        String log = System.getenv("IT_RUN_LOG");
        if (log != null && !log.isBlank()) {
            try {
                runLog = new FileOutputStream(log, true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        System.out.println(replicaId + ": started (pid " + ProcessHandle.current().pid() + ")");
        List<Thread> loops = new ArrayList<>();
        AnnotatedJobs annotated = new AnnotatedJobs();
        PatternJobs patterns = new PatternJobs();
        loops.add(loop("alpha", annotated::alpha));
        loops.add(loop("beta", annotated::beta));
        loops.add(loop("gamma", annotated::gamma));
        loops.add(loop("delta", annotated::delta));
        loops.add(loop("epsilon", patterns::epsilon));
        loops.add(loop("zeta", patterns::zeta));
        if (Boolean.parseBoolean(System.getenv("IT_DEFAULT_GROUP"))) {
            DefaultJob plain = new DefaultJob();
            loops.add(loop("default", plain::run));
        }
        for (Thread loop : loops) {
            loop.join();
        }
    }

    /** A gated job: true when its body ran. */
    interface Job {
        boolean run() throws InterruptedException;
    }

    private static Thread loop(String group, Job job) {
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                while (true) {
                                    report(group, job.run());
                                    Thread.sleep(CALL_INTERVAL_MILLIS);
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "groups-app-" + group);
        thread.start();
        return thread;
    }

    private static synchronized void report(String group, boolean ran) {
        Boolean before = LEADING.put(group, ran);
        if (before == null || before != ran) {
            System.out.println(replicaId + ": " + (ran ? "leads " : "stands by for ") + group);
            List<String> leads = new ArrayList<>();
            LEADING.forEach(
                    (g, leading) -> {
                        if (leading) {
                            leads.add(g);
                        }
                    });
            System.out.println(replicaId + ": leads " + leads);
        }
    }

    /** One executed run: {@code RUN_MILLIS} long, recorded with its group. */
    static boolean work(String group) throws InterruptedException {
        long start = System.nanoTime();
        Thread.sleep(RUN_MILLIS);
        long end = System.nanoTime();
        if (runLog != null) {
            byte[] line =
                    (replicaId + "@" + group + ' ' + start + ' ' + end + '\n')
                            .getBytes(StandardCharsets.UTF_8);
            synchronized (GroupsApp.class) {
                try {
                    runLog.write(line); // one write(2) on an O_APPEND file: lines never interleave
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return true;
    }

    /** Groups named in the code. A skipped call returns false (the default of boolean). */
    static final class AnnotatedJobs {
        @LeaderOnly("alpha")
        boolean alpha() throws InterruptedException {
            return work("alpha");
        }

        @LeaderOnly("beta")
        boolean beta() throws InterruptedException {
            return work("beta");
        }

        @LeaderOnly("gamma")
        boolean gamma() throws InterruptedException {
            return work("gamma");
        }

        @LeaderOnly("delta")
        boolean delta() throws InterruptedException {
            return work("delta");
        }
    }

    /** Groups named in configuration only ({@code LEADERGATE_GATE_METHODS}). */
    static final class PatternJobs {
        boolean epsilon() throws InterruptedException {
            return work("epsilon");
        }

        boolean zeta() throws InterruptedException {
            return work("zeta");
        }
    }

    /** The default group: today's {@code @LeaderOnly}. Loaded only with IT_DEFAULT_GROUP=true. */
    static final class DefaultJob {
        @LeaderOnly
        boolean run() throws InterruptedException {
            return work("default");
        }
    }
}
