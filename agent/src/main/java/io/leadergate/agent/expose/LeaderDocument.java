package io.leadergate.agent.expose;

import io.leadergate.agent.election.LeadershipState;
import io.leadergate.bootstrap.Gate;
import io.leadergate.bootstrap.LeadershipView;
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
        groups(json); // last: readers of the fields before groups existed see them unmoved
        return new Reply(200, Reply.JSON, json.endObject().toString() + "\n");
    }

    /**
     * Every group whose elector exists (the default group's name is {@code ""}): its Lease, who
     * holds it as this replica last observed, whether this replica leads it now and, if so, its
     * fencing token (the Lease's transitions at the start of the term, {@code -1} otherwise).
     */
    private void groups(JsonText json) {
        json.beginArray("groups");
        for (ElectionStatus.Group group : status.groups()) {
            Optional<LeadershipState> state = group.state();
            boolean leading = group.leading();
            json.beginObject()
                    .field("group", group.name())
                    .field("lease", group.settings().leaseKey())
                    .field("holderIdentity", state.map(LeadershipState::holderIdentity).orElse(""))
                    .field("isLeader", leading)
                    .field(
                            "fencingToken",
                            leading ? state.get().leaseTransitions() : LeadershipView.NO_TOKEN)
                    .endObject();
        }
        json.endArray();
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
