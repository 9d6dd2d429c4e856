package io.leadergate.agent.expose;

import io.leadergate.agent.election.ElectionSettings;
import io.leadergate.agent.election.LeadershipState;
import io.leadergate.agent.election.LeaseElector;
import io.leadergate.agent.log.AgentLog;
import io.leadergate.bootstrap.Gate;
import java.time.Instant;

/**
 * {@link LeadershipMBean} over one elector: attributes from its state and the gate, stepDown() to
 * it.
 */
final class LeadershipBean implements LeadershipMBean {

    private final ElectionSettings settings;
    private final LeaseElector elector;
    private final ElectionStatus status;

    LeadershipBean(ElectionSettings settings, LeaseElector elector, ElectionStatus status) {
        this.settings = settings;
        this.elector = elector;
        this.status = status;
    }

    @Override
    public boolean isLeader() {
        return status.leading();
    }

    @Override
    public String getIdentity() {
        return settings.identity();
    }

    @Override
    public String getHolderIdentity() {
        return elector.state().holderIdentity();
    }

    @Override
    public String getLeaseName() {
        return settings.leaseName();
    }

    @Override
    public String getNamespace() {
        return settings.namespace();
    }

    @Override
    public int getLeaseTransitions() {
        return elector.state().leaseTransitions();
    }

    @Override
    public long getLeaderSinceEpochMillis() {
        return millis(elector.state().leaderSince());
    }

    @Override
    public long getLastRenewEpochMillis() {
        return millis(elector.state().lastRenew());
    }

    @Override
    public long getGatedExecuted() {
        long total = 0;
        for (int id = 0, n = Gate.methodCount(); id < n; id++) {
            total += Gate.executed(id);
        }
        return total;
    }

    @Override
    public long getGatedSkipped() {
        long total = 0;
        for (int id = 0, n = Gate.methodCount(); id < n; id++) {
            total += Gate.skipped(id);
        }
        return total;
    }

    @Override
    public String stepDown() {
        LeadershipState before = elector.state();
        if (!elector.stepDown()) {
            return "not the leader of lease "
                    + settings.leaseKey()
                    + " (holder: "
                    + (before.holderIdentity().isEmpty() ? "none" : before.holderIdentity())
                    + "); nothing to do";
        }
        AgentLog.info("step-down requested over JMX for lease " + settings.leaseKey());
        return "stepped down: gated work stopped; lease "
                + settings.leaseKey()
                + " is released once the gated calls "
                + "in flight have ended (at most leadergate.shutdown.drain), then within "
                + settings.retryPeriod().toMillis()
                + " ms, and this replica contends again after "
                + settings.leaseDuration().getSeconds()
                + " s";
    }

    private static long millis(Instant instant) {
        return instant == null ? 0 : instant.toEpochMilli();
    }
}
