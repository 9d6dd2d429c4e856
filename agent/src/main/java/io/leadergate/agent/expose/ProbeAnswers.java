package io.leadergate.agent.expose;

import io.leadergate.agent.config.ReadinessMode;
import io.leadergate.agent.election.LeadershipState;
import java.util.Optional;

/**
 * What {@code /healthz} and {@code /readyz} answer. The first word of each body is the verdict
 * ({@code ok}, {@code stuck}, {@code leader}, {@code not leader}, {@code ready}, {@code not
 * ready}); what follows the colon says why.
 *
 * <p>Liveness fails only when a restart can help: a stuck elector (see {@link Liveness}). A replica
 * that does not elect because of its configuration stays live (200, the reason in the body):
 * failing liveness would restart the application in a loop that no restart can fix. Readiness tells
 * the truth either way: 503 with the reason.
 */
final class ProbeAnswers {

    private final ElectionStatus status;
    private final ReadinessMode mode;
    private volatile Liveness liveness;

    ProbeAnswers(ElectionStatus status, ReadinessMode mode) {
        this.status = status;
        this.mode = mode;
    }

    /** From the moment the elector exists; before that nobody can be stuck. */
    void judgeLivenessBy(Liveness liveness) {
        this.liveness = liveness;
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

    private Optional<String> stuck() {
        Liveness judge = liveness;
        Optional<LeadershipState> state = status.state();
        return judge == null || state.isEmpty() ? Optional.empty() : judge.problem(state.get());
    }
}
