package io.leadergate.agent.expose;

import io.leadergate.agent.election.ElectionSettings;
import io.leadergate.agent.election.LeadershipState;
import io.leadergate.agent.election.LeaseApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** A fake state source: an {@link ElectionStatus} over a settable gate and elector state. */
final class StatusFixture {

    static final Instant T0 = Instant.parse("2026-01-30T10:00:00Z");

    final AtomicBoolean gate = new AtomicBoolean();
    final AtomicReference<LeadershipState> state = new AtomicReference<>();
    final ElectionStatus status = new ElectionStatus(gate::get);
    final ElectionSettings settings;

    StatusFixture(String leaseName) {
        settings =
                new ElectionSettings(
                        "shop",
                        leaseName,
                        "me",
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(2));
    }

    StatusFixture electing() {
        status.electing(settings, state::get);
        return this;
    }

    void leader(int transitions) {
        state.set(
                new LeadershipState(
                        true,
                        "me",
                        "me",
                        settings.leaseKey(),
                        transitions,
                        T0,
                        T0.plusSeconds(4),
                        null,
                        T0.plusSeconds(5)));
        gate.set(true);
    }

    void follower(String holder, LeaseApiException.Kind lastError) {
        state.set(
                new LeadershipState(
                        false, "me", holder, settings.leaseKey(), 3, null, null, lastError, T0));
        gate.set(false);
    }
}
