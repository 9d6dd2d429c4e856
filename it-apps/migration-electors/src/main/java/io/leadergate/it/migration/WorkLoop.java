package io.leadergate.it.migration;

/**
 * The singleton work of an in-code elector app: runs while the elector's callbacks say it leads,
 * exactly as such apps gate their work (a flag set by onStartedLeading, cleared by
 * onStoppedLeading).
 */
final class WorkLoop {

    interface Recorder {
        void record(long startNanos, long endNanos);
    }

    private final String id;
    private final Recorder recorder;
    private volatile boolean leading;
    private volatile boolean stopping;
    private final Object idle = new Object();
    private boolean inRun;

    WorkLoop(String id, Recorder recorder) {
        this.id = id;
        this.recorder = recorder;
    }

    void startedLeading() {
        leading = true;
        say("became leader");
    }

    void stoppedLeading() {
        leading = false;
        say("stopped leading");
    }

    void newLeader(String identity) {
        say("new leader is " + (identity == null || identity.isEmpty() ? "(none)" : identity));
    }

    void say(String line) {
        System.out.println(id + ": " + line);
        System.out.flush();
    }

    /** Calls the work every 50 ms while leading, until {@link #stop}. */
    void run() throws InterruptedException {
        while (!stopping) {
            if (leading) {
                synchronized (idle) {
                    inRun = true;
                }
                long start = System.nanoTime();
                Thread.sleep(20);
                recorder.record(start, System.nanoTime());
                synchronized (idle) {
                    inRun = false;
                    idle.notifyAll();
                }
            }
            Thread.sleep(50);
        }
    }

    /** No new run starts; returns once the run in progress (if any) has ended. */
    void stop() {
        stopping = true;
        synchronized (idle) {
            while (inRun) {
                try {
                    idle.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
