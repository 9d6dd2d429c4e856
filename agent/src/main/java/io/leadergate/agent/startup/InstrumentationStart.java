package io.leadergate.agent.startup;

import io.leadergate.agent.config.AgentConfig;
import io.leadergate.agent.instrument.CandidateTransformer;
import io.leadergate.agent.instrument.ClassFileCandidates;
import io.leadergate.agent.instrument.GatedMethods;
import io.leadergate.agent.instrument.Instrumentations;
import io.leadergate.agent.log.AgentLog;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.TimeUnit;

/**
 * Installs the instrumentation in {@code premain}, synchronously: weaving is a few ASM passes over
 * the candidate classes only, on the thread that loads each, so there is nothing to build ahead and
 * nothing to wait for. Candidates loaded even before {@code premain} (by an agent listed first) are
 * retransformed before {@code premain} returns. What is gated is logged as it is woven ({@code
 * GatedMethods.logSummaryIfGrown}), with no thread of the agent's.
 */
final class InstrumentationStart {

    private InstrumentationStart() {}

    /**
     * Registers the transformer and retransforms the candidates already loaded. Throws only if the
     * transformer cannot be registered.
     *
     * @param premainNanos {@code System.nanoTime()} when premain began, for the debug log
     */
    static void install(
            Instrumentation instrumentation,
            AgentConfig config,
            GatedMethods gated,
            long premainNanos) {
        CandidateTransformer.install(
                instrumentation,
                ClassFileCandidates.fromConfig(config),
                Instrumentations.fromConfig(config, gated),
                gated);
        AgentLog.debug(
                "instrumentation ready "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - premainNanos)
                        + " ms after premain began");
    }
}
