package io.leadergate.agent.expose;

import io.leadergate.agent.election.LeadershipState;
import io.leadergate.bootstrap.Gate;
import java.util.Optional;

/**
 * The body of {@code GET /leader}: who leads, since when, how often it changed, and how much gated
 * work ran or was skipped here. Always answered (200), also when this replica does not elect.
 */
final class LeaderDocument {

    private final ElectionStatus status;

    LeaderDocument(ElectionStatus status) {
        this.status = status;
    }

    Reply reply() {
        Optional<LeadershipState> state = status.state();
        JsonText json =
                new JsonText()
                        .beginObject()
                        .field("isLeader", status.leading())
                        .field("identity", state.map(LeadershipState::identity).orElse(null))
                        .field("electing", state.isPresent());
        if (state.isPresent()) {
            LeadershipState s = state.get();
            json.field("holderIdentity", s.holderIdentity())
                    .field("lease", s.leaseKey())
                    .field("leaseTransitions", s.leaseTransitions())
                    .field("leaderSince", s.leaderSince())
                    .field("lastRenew", s.lastRenew())
                    .field("lastError", s.lastError() == null ? null : s.lastError().label())
                    .field("observedAt", s.observedAt());
        } else {
            json.field("reason", status.notElectingReason().orElse(null));
        }
        json.field("gateOpen", status.gateOpen());
        gatedMethods(json);
        return new Reply(200, Reply.JSON, json.endObject().toString() + "\n");
    }

    /**
     * Every registered gated method, plus "other" (unregistered or overflow) when it counted
     * anything.
     */
    private static void gatedMethods(JsonText json) {
        json.beginArray("gatedMethods");
        int count = Gate.methodCount();
        for (int id = 0; id < count; id++) {
            long executed = Gate.executed(id);
            long skipped = Gate.skipped(id);
            if (id == 0 && executed + skipped == 0) {
                continue;
            }
            json.beginObject()
                    .field("method", Gate.methodName(id))
                    .field("executed", executed)
                    .field("skipped", skipped)
                    .endObject();
        }
        json.endArray();
    }
}
