package io.leadergate.it.chaos;

/**
 * What the chaos suite does to the replicas or the API server; one {@link FaultInjector} method
 * each.
 */
enum FaultType {
    KILL_LEADER("kill -9 leader", false, 1.0),
    TERM_LEADER("SIGTERM leader", false, 1.0),
    PAUSE_LEADER("SIGSTOP leader > lease", false, 1.0),
    PARTITION_LEADER("leader cut off API", false, 1.0),
    API_OUTAGE("API unreachable (all)", true, 1.0),
    SLOW_API("API latency", true, 1.0),
    RESTART_KEEP_DATA("API restart, data kept", true, 1.0),
    RESTART_LOSE_DATA("API restart, data lost", true, 1.0),
    /**
     * Scales to {@link FaultInjector#STORM_POPULATION} replicas first; costly, so drawn less often.
     */
    CONFLICT_STORM("409 storm (10 replicas)", false, 0.4);

    private final String label;
    private final boolean apiServerDown;
    private final double weight;

    FaultType(String label, boolean apiServerDown, double weight) {
        this.label = label;
        this.apiServerDown = apiServerDown;
        this.weight = weight;
    }

    String label() {
        return label;
    }

    /**
     * Whether the API server itself is unavailable to every replica (or too slow for the agent's
     * per-call timeout): nobody can be elected meanwhile, so the leaderless gap is measured from
     * restoration, not from the fault's start.
     */
    boolean apiServerDown() {
        return apiServerDown;
    }

    /** Relative frequency in a long random schedule. */
    double weight() {
        return weight;
    }
}
