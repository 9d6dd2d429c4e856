package io.leadergate.agent;

import io.leadergate.agent.log.AgentLog;
import io.leadergate.agent.startup.AgentStartup;
import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points. They hand off at once and never throw into the JVM: a broken agent must
 * not stop the application from starting.
 */
public final class LeadergateAgent {

    private LeadergateAgent() {}

    /** {@code -javaagent:leadergate-agent.jar[=args]}, before the application's main. */
    public static void premain(String agentArgs, Instrumentation instrumentation) {
        start(agentArgs, instrumentation);
    }

    /** Attach to a running JVM; classes already loaded are gated by retransformation. */
    public static void agentmain(String agentArgs, Instrumentation instrumentation) {
        start(agentArgs, instrumentation);
    }

    private static void start(String agentArgs, Instrumentation instrumentation) {
        try {
            AgentStartup.start(agentArgs, instrumentation);
        } catch (Throwable failure) {
            try {
                AgentLog.error(
                        "agent failed to start; the application runs on, gated work stays off",
                        failure);
            } catch (Throwable ignored) {
                // Even logging failed (e.g. a broken jar): staying silent beats failing the JVM.
            }
        }
    }
}
