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
    private final Kubeconfig kubeconfig;

    private ElectionResolution(
            ElectionSettings settings, String reason, List<String> origins, Kubeconfig kubeconfig) {
        this.settings = settings;
        this.reason = reason;
        this.origins = Collections.unmodifiableList(origins);
        this.kubeconfig = kubeconfig;
    }

    /**
     * @param kubeconfig what was read to resolve; empty for the in-cluster service account
     */
    static ElectionResolution elect(
            ElectionSettings settings, List<String> origins, Optional<Kubeconfig> kubeconfig) {
        return new ElectionResolution(
                Objects.requireNonNull(settings), null, origins, kubeconfig.orElse(null));
    }

    static ElectionResolution doNotElect(String reason, List<String> origins) {
        return new ElectionResolution(null, Objects.requireNonNull(reason), origins, null);
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

    /**
     * The kubeconfig read while resolving, for the transport (so it is not read again); empty when
     * electing through the in-cluster service account, or not electing.
     */
    public Optional<Kubeconfig> kubeconfig() {
        return Optional.ofNullable(kubeconfig);
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
