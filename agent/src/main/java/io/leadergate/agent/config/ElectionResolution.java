package io.leadergate.agent.config;

import io.leadergate.agent.election.ElectionSettings;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link AgentConfig#resolveElection()}: either settings to elect with, or the
 * reason this replica does not elect (and so its gated work stays off). Exactly one of the two is
 * present.
 */
public final class ElectionResolution {

    private final ElectionSettings settings;
    private final String reason;
    private final List<String> origins;

    private ElectionResolution(ElectionSettings settings, String reason, List<String> origins) {
        this.settings = settings;
        this.reason = reason;
        this.origins = Collections.unmodifiableList(origins);
    }

    static ElectionResolution elect(ElectionSettings settings, List<String> origins) {
        return new ElectionResolution(Objects.requireNonNull(settings), null, origins);
    }

    static ElectionResolution doNotElect(String reason, List<String> origins) {
        return new ElectionResolution(null, Objects.requireNonNull(reason), origins);
    }

    public boolean elects() {
        return settings != null;
    }

    public Optional<ElectionSettings> settings() {
        return Optional.ofNullable(settings);
    }

    /** Why this replica does not elect; empty when it does. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** Where each election value came from: "lease name derived from pod name web-0", ... */
    public List<String> origins() {
        return origins;
    }

    @Override
    public String toString() {
        return settings != null ? settings.toString() : "not electing: " + reason;
    }
}
