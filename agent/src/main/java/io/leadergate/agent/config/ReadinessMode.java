package io.leadergate.agent.config;

/** What {@code /readyz} on the health port answers ({@code leadergate.health.readiness}). */
public enum ReadinessMode {
    /**
     * 200 on the leader only, so a Service routes to the leader alone. Opt-in: followers are never
     * Ready, so a Deployment's rolling update stalls and a PodDisruptionBudget blocks drains.
     */
    LEADER,
    /**
     * The default: 200 on every replica whose agent works (config valid, elector running, not
     * stuck).
     */
    ALWAYS
}
