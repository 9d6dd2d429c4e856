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

    @Test
    void withGroupsOneStuckElectorFailsTheProbeNamingItsLeaseAndTheOthersDoNot() {
        fixture.electing();
        StatusFixture billing = new StatusFixture("orders-billing");
        fixture.status.groupElecting("", fixture.settings, fixture.state::get, fixture.gate::get);
        fixture.status.groupElecting(
                "billing", billing.settings, billing.state::get, billing.gate::get);
        ProbeAnswers probes =
                new ProbeAnswers(fixture.status, io.leadergate.agent.config.ReadinessMode.ALWAYS);
        Liveness billingLiveness = new Liveness(billing.settings, nanos::get);
        probes.judgeLivenessBy(liveness);
        probes.judgeLivenessBy(billingLiveness);
        fixture.leader(1);
        billing.leader(1);
        liveness.onStartedLeading(fixture.state.get());
        billingLiveness.onStartedLeading(billing.state.get());

        for (int i = 0; i < 20; i++) {
            advanceSeconds(2);
            liveness.onRenewed(false); // the default group's elector turns; billing's does not
        }
        Reply stuck = probes.healthz();
        String body = new String(stuck.body, java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(503, stuck.status, body);
        assertTrue(body.contains("lease shop/orders-billing"), body);

        billingLiveness.onRenewed(false);
        assertEquals(200, probes.healthz().status, "every elector makes progress: live");

        advanceSeconds(40);
        billing.follower("other", null); // billing lost its Lease: followers are not judged
        liveness.onRenewed(false);
        assertEquals(200, probes.healthz().status);
    }
}
