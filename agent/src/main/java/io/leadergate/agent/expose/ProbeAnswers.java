package io.leadergate.agent.expose;

import io.leadergate.agent.config.ReadinessMode;
import io.leadergate.agent.election.LeadershipState;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What {@code /healthz} and {@code /readyz} answer. The first word of each body is the verdict
 * ({@code ok}, {@code stuck}, {@code leader}, {@code not leader}, {@code ready}, {@code not
 * ready}); what follows the colon says why.
 *
 * <p>Liveness fails only when a restart can help: a stuck elector (see {@link Liveness}). A replica
 * that does not elect because of its configuration stays live (200, the reason in the body):
 * failing liveness would restart the application in a loop that no restart can fix. Readiness tells
 * the truth either way: 503 with the reason.
 *
 * <p>With several groups (issue 12) each group's elector has its own {@link Liveness}: the JVM is
 * live while every elector makes progress, and one stuck elector fails the probe, naming its Lease
 * (a restart is what unsticks it, and its group's work is off meanwhile).
 */
final class ProbeAnswers {

    private final ElectionStatus status;
    private final ReadinessMode mode;

    /** One judge per elector, by its Lease name; the first one's judges the top-level state. */
    private final List<Liveness> judges = new CopyOnWriteArrayList<>();

    ProbeAnswers(ElectionStatus status, ReadinessMode mode) {
        this.status = status;
        this.mode = mode;
    }

    /** From the moment an elector exists; before that nobody can be stuck. */
    void judgeLivenessBy(Liveness liveness) {
        judges.add(liveness);
    }

    Reply healthz() {
        Optional<String> notElecting = status.notElectingReason();
        if (notElecting.isPresent()) {
            return Reply.text(200, "ok: not electing (" + notElecting.get() + ")");
        }
        Optional<String> stuck = stuck();
        return stuck.isPresent() ? Reply.text(503, stuck.get()) : Reply.text(200, "ok");
    }

    Reply readyz() {
        return mode == ReadinessMode.ALWAYS ? agentReady() : leaderReady();
    }

    private Reply leaderReady() {
        if (status.leadingAny()) {
            return Reply.text(200, "leader");
        }
        Optional<String> notElecting = status.notElectingReason();
        if (notElecting.isPresent()) {
            return Reply.text(503, "not leader: not electing (" + notElecting.get() + ")");
        }
        return Reply.text(503, "not leader: " + holderDescription());
    }

    private Reply agentReady() {
        Optional<String> notElecting = status.notElectingReason();
        if (notElecting.isPresent()) {
            return Reply.text(503, "not ready: not electing (" + notElecting.get() + ")");
        }
        Optional<String> stuck = stuck();
        if (stuck.isPresent()) {
            return Reply.text(503, "not ready: " + stuck.get());
        }
        return Reply.text(
                200,
                "ready: " + (status.leadingAny() ? "leader" : "follower, " + holderDescription()));
    }

    private String holderDescription() {
        Optional<LeadershipState> state = status.state();
        if (state.isEmpty()) {
            return "no state yet";
        }
        String holder = state.get().holderIdentity();
        String lease = "lease " + state.get().leaseKey();
        if (holder.isEmpty()) {
            return lease + " is free or not read yet";
        }
        if (holder.equals(state.get().identity())) {
            return lease + " names this replica but its term has lapsed";
        }
        return holder + " holds " + lease;
    }

    /** The first stuck elector's problem, in the order the electors started. */
    private Optional<String> stuck() {
        List<ElectionStatus.Group> groups = status.groups();
        for (Liveness judge : judges) {
            Optional<LeadershipState> state = status.state();
            for (ElectionStatus.Group group : groups) {
                if (group.settings().leaseName().equals(judge.leaseName())) {
                    state = group.state();
                }
            }
            Optional<String> problem = state.flatMap(judge::problem);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }
}
