package io.leadergate.agent.election;

import java.time.Duration;
import java.util.Objects;

/**
 * What one elector contends for and how fast. Validated by the config layer before construction:
 * {@code leaseDuration > renewDeadline > 1.2 × retryPeriod}, lease duration in whole seconds.
 */
public final class ElectionSettings {

    private final String namespace;
    private final String leaseName;
    private final String identity;
    private final Duration leaseDuration;
    private final Duration renewDeadline;
    private final Duration retryPeriod;
    /**
     * How long {@link LeaseElector#stop()} waits for each of the two last things the elector thread
     * does: finish the call in flight, then send the release. Default {@code min(renewDeadline, 2 s)}:
     * a JVM's shutdown should not wait longer, and a Lease not released in time simply expires.
     */
    private final Duration releaseBudget;

    /** With the default release budget, {@code min(renewDeadline, 2 s)}. */
    public ElectionSettings(String namespace, String leaseName, String identity,
                            Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        this(namespace, leaseName, identity, leaseDuration, renewDeadline, retryPeriod,
                renewDeadline == null ? null : min(renewDeadline, Duration.ofSeconds(2)));
    }

    public ElectionSettings(String namespace, String leaseName, String identity, Duration leaseDuration,
                            Duration renewDeadline, Duration retryPeriod, Duration releaseBudget) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.leaseName = Objects.requireNonNull(leaseName, "leaseName");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.leaseDuration = Objects.requireNonNull(leaseDuration, "leaseDuration");
        this.renewDeadline = Objects.requireNonNull(renewDeadline, "renewDeadline");
        this.retryPeriod = Objects.requireNonNull(retryPeriod, "retryPeriod");
        this.releaseBudget = Objects.requireNonNull(releaseBudget, "releaseBudget");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public String namespace() { return namespace; }

    public String leaseName() { return leaseName; }

    /** {@code namespace/name}, as log lines and metrics show the lease. */
    public String leaseKey() { return namespace + "/" + leaseName; }

    public String identity() { return identity; }

    public Duration leaseDuration() { return leaseDuration; }

    public Duration renewDeadline() { return renewDeadline; }

    public Duration retryPeriod() { return retryPeriod; }

    public Duration releaseBudget() { return releaseBudget; }

    @Override
    public String toString() {
        return "lease " + leaseKey() + " as " + identity + " (duration " + leaseDuration
                + ", renew deadline " + renewDeadline + ", retry " + retryPeriod + ")";
    }
}
