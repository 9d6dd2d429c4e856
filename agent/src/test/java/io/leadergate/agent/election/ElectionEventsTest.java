package io.leadergate.agent.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The elector tells each decision as it makes it, in order, each call with what it was for and how
 * it ended: what metrics, health and the Leadership API read instead of guessing.
 */
class ElectionEventsTest extends ElectorFixture {

    private final List<String> told = new CopyOnWriteArrayList<>();

    private final ElectionEvents recorder =
            new ElectionEvents() {
                @Override
                public void onCall(Call call, long nanos, LeaseApiException.Kind error) {
                    told.add(call + (error == null ? "" : ":" + error) + ":" + nanos);
                }

                @Override
                public void onStartedLeading(LeadershipState state) {
                    told.add("started:" + gate.isOpen() + ":" + state.leaseKey());
                }

                @Override
                public void onRenewed(boolean slowPath) {
                    told.add(slowPath ? "renewed:slow" : "renewed");
                }

                @Override
                public void onStoppedLeading(LeadershipState state, String why) {
                    told.add("stopped:" + gate.isOpen() + ":" + why);
                }

                @Override
                public void onReleased() {
                    told.add("released");
                }

                @Override
                public void onNewLeader(String identity) {
                    told.add("leader:" + identity);
                }
            };

    @Test
    void aTermToldFromCreateThroughRenewalsAndTheSlowPathToTheRelease() {
        api.duringCall = () -> clock.advance(Duration.ofMillis(30));
        LeaseElector elector = elector(ME, recorder);
        elector.step();
        assertEquals(
                List.of(
                        "GET:30000000",
                        "CREATE:30000000",
                        "leader:" + ME,
                        "started:true:shop/" + leaseName),
                told);

        told.clear();
        clock.advance(RETRY);
        elector.step();
        assertEquals(List.of("RENEW:30000000", "renewed"), told);

        told.clear();
        api.failures.add(FakeLeaseClient.RuntimeOrApi.api(409));
        clock.advance(RETRY);
        elector.step();
        assertEquals(
                List.of(
                        "RENEW:CONFLICT:30000000",
                        "GET:30000000",
                        "RENEW:30000000",
                        "renewed:slow"),
                told);

        told.clear();
        elector.stop();
        assertEquals(List.of("RELEASE:30000000", "released", "stopped:false:stopped"), told);
    }

    @Test
    void aTakeOverIsAnAcquireAndALossSaysWhy() {
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 2).released(clock.now()));
        LeaseElector elector = elector(ME, recorder);
        elector.step();
        assertEquals(
                List.of("GET:0", "ACQUIRE:0", "leader:" + ME, "started:true:shop/" + leaseName),
                told);

        told.clear();
        api.failAlways = LeaseApiException.ofStatus(403, "forbidden");
        clock.advance(RENEW_DEADLINE);
        elector.step();
        assertTrue(told.contains("RENEW:FORBIDDEN:0"), told.toString());
        assertEquals(
                "stopped:false:no successful renew within " + RENEW_DEADLINE.toMillis() + " ms",
                told.get(told.size() - 1));
    }
}
