package io.leadergate.agent.expose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.election.ElectionEvents.Call;
import io.leadergate.agent.election.LeaseApiException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** client-go's HealthzAdaptor rule on a fake monotonic clock: 15 s lease + 20 s margin. */
class LivenessTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final StatusFixture fixture = new StatusFixture("orders");
    private final Liveness liveness = new Liveness(fixture.settings, nanos::get);

    private void advanceSeconds(long seconds) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void aLeaderThatKeepsRenewingIsHealthy() {
        fixture.leader(1);
        for (int i = 0; i < 30; i++) {
            advanceSeconds(2);
            liveness.onRenewed(false);
        }
        assertEquals(Optional.empty(), liveness.problem(fixture.state.get()));
    }

    @Test
    void aLeaderWithoutASuccessfulRenewPastLeaseDurationPlusMarginIsStuck() {
        fixture.leader(1);
        liveness.onStartedLeading(fixture.state.get());
        advanceSeconds(35);
        assertEquals(
                Optional.empty(),
                liveness.problem(fixture.state.get()),
                "exactly at the limit: still healthy");
        liveness.onCall(
                Call.RENEW, 1_000_000, LeaseApiException.Kind.TIMEOUT); // failures are not progress
        liveness.onCall(Call.GET, 1_000_000, null); // nor are reads
        liveness.onCall(Call.RENEW, 1_000_000, null); // nor a write that extended no term
        advanceSeconds(1);
        Optional<String> problem = liveness.problem(fixture.state.get());
        assertTrue(problem.isPresent());
        assertEquals(
                "stuck: leader of lease shop/orders has not renewed it for 36 s (limit: lease duration 15 s + 20 s)",
                problem.get());
        liveness.onRenewed(true);
        assertEquals(
                Optional.empty(),
                liveness.problem(fixture.state.get()),
                "one successful renew heals it");
    }

    @Test
    void followersAreNeverJudged() {
        fixture.follower("other", LeaseApiException.Kind.UNREACHABLE);
        advanceSeconds(3600);
        assertEquals(Optional.empty(), liveness.problem(fixture.state.get()));
    }
}
