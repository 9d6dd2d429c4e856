package io.leadergate.agent.expose;

/**
 * JMX view of one lease, {@code io.leadergate:type=Leadership,name=<lease>} on the platform
 * MBeanServer. Attributes are read-only snapshots; times are epoch milliseconds, {@code 0} when
 * there is none.
 */
public interface LeadershipMBean {

    /** This replica leads and its gated work runs now. */
    boolean isLeader();

    String getIdentity();

    /** The holder as last observed; {@code ""} when free. */
    String getHolderIdentity();

    String getLeaseName();

    String getNamespace();

    /** {@code leaseTransitions} of the Lease as last observed. */
    int getLeaseTransitions();

    long getLeaderSinceEpochMillis();

    long getLastRenewEpochMillis();

    /** Gated calls that ran their body in this JVM, all methods. */
    long getGatedExecuted();

    /** Gated calls skipped in this JVM because it was not leader, all methods. */
    long getGatedSkipped();

    /**
     * Planned hand-over: closes the gate now, releases the Lease within one retry period, and waits
     * at least one lease duration before contending again, so another replica takes over.
     *
     * @return what happened, for the operator's console
     */
    String stepDown();
}
