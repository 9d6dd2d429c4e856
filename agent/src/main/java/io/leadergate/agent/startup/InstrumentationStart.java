package io.leadergate.agent.startup;

import io.leadergate.agent.config.AgentConfig;
import io.leadergate.agent.instrument.CandidateTransformer;
import io.leadergate.agent.instrument.ClassFileCandidates;
import io.leadergate.agent.instrument.GatedMethods;
import io.leadergate.agent.instrument.GatingAgentBuilder;
import io.leadergate.agent.instrument.Instrumentations;
import io.leadergate.agent.instrument.LoadedCandidates;
import io.leadergate.agent.log.AgentLog;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Takes Byte Buddy off {@code premain}'s path: loading and linking its ~1,200 classes is most of
 * what the agent costs at startup, and almost no class an application loads is ever gated.
 *
 * <p>{@code premain} registers a {@link CandidateTransformer} (no Byte Buddy class involved) and
 * returns; this thread builds the instrumentation and hands Byte Buddy's transformer to it. A
 * candidate class loaded meanwhile waits for the hand-over, so nothing gated runs unguarded. If a
 * candidate was loaded even before {@code premain} (by an agent listed first), it can only be woven
 * by retransformation, so {@code premain} then waits for the whole installation, as it always used
 * to. Once installed, the same thread logs the {@link GatingSummary} over the first minutes.
 */
final class InstrumentationStart implements Runnable {

    static final String THREAD_NAME = "leadergate-instrument";

    /**
     * How long a candidate class waits for the instrumentation; beyond, it loads ungated (logged).
     */
    static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Instrumentation instrumentation;
    private final AgentConfig config;
    private final GatedMethods gated;
    private final CandidateTransformer front;
    private final long premainNanos;
    private final List<Class<?>> preloaded;
    private final CountDownLatch installed = new CountDownLatch(1);

    private InstrumentationStart(
            Instrumentation instrumentation,
            AgentConfig config,
            GatedMethods gated,
            CandidateTransformer front,
            List<Class<?>> preloaded,
            long premainNanos) {
        this.instrumentation = instrumentation;
        this.preloaded = preloaded;
        this.config = config;
        this.gated = gated;
        this.front = front;
        this.premainNanos = premainNanos;
    }

    /**
     * Registers the candidate filter and starts the installation; returns at once unless classes
     * loaded before the agent need weaving. Throws only if the filter cannot be registered.
     *
     * @param premainNanos {@code System.nanoTime()} when premain began, for the debug log
     */
    static void inBackground(
            Instrumentation instrumentation,
            AgentConfig config,
            GatedMethods gated,
            long premainNanos) {
        ClassFileCandidates candidates = ClassFileCandidates.fromConfig(config);
        CandidateTransformer front = new CandidateTransformer(candidates, MAX_WAIT_NANOS);
        instrumentation.addTransformer(front, true);
        // After the registration: a class loaded in between is both woven at load and listed here,
        // and retransforming it again starts from its original bytes, so nothing is lost.
        List<Class<?>> preloaded = LoadedCandidates.all(instrumentation, candidates);
        InstrumentationStart start =
                new InstrumentationStart(
                        instrumentation, config, gated, front, preloaded, premainNanos);
        Thread thread = new Thread(start, THREAD_NAME);
        thread.setDaemon(true);
        front.installingOn(thread);
        thread.start();
        if (!preloaded.isEmpty()) {
            AgentLog.debug(
                    preloaded.get(0).getName()
                            + " was loaded before the agent and may need weaving: waiting for the instrumentation");
            start.awaitInstalled();
        }
    }

    @Override
    public void run() {
        boolean ready = false;
        try {
            GatingAgentBuilder.installBehind(
                    front, instrumentation, Instrumentations.fromConfig(config, gated), preloaded);
            ready = true;
            AgentLog.debug(
                    "instrumentation ready "
                            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - premainNanos)
                            + " ms after premain began; "
                            + front.waitSummary());
        } catch (Throwable failure) {
            front.abandon();
            AgentLog.error(
                    "cannot install the instrumentation, so nothing is gated and @LeaderOnly methods "
                            + "run on every replica",
                    failure);
        } finally {
            installed.countDown();
        }
        if (ready) {
            new GatingSummary(gated).run(); // this thread's second and last job
        }
    }

    private void awaitInstalled() {
        try {
            if (!installed.await(MAX_WAIT_NANOS, TimeUnit.NANOSECONDS)) {
                AgentLog.warn(
                        "the instrumentation is not installed after "
                                + TimeUnit.NANOSECONDS.toSeconds(MAX_WAIT_NANOS)
                                + " s; the application starts, classes loaded before the agent are woven once it is");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
