package io.leadergate.agent.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.testsupport.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Contending with a watch: the watch thread runs for real against a scripted {@link
 * FakeLeaseWatch}; the elector's turns are driven by the test on the fake clock, after each posted
 * event has arrived.
 */
class LeaseElectorWatchTest extends ElectorFixture {

    private final FakeLeaseWatch watch = new FakeLeaseWatch();
    private WatchInbox feed;

    @AfterEach
    void stopWatching() {
        if (feed != null) {
            feed.stop();
        }
    }

    /** An elector on {@code client} whose watch thread runs; the test drives its turns. */
    private LeaseElector watchOnly(LeaseClient client, ElectionEvents... listeners) {
        LeaseElector elector =
                new LeaseElector(
                        settings(ME),
                        client,
                        watch,
                        gate,
                        ElectionEvents.all(List.of(listeners)),
                        clock);
        feed = elector.watch;
        elector.startWatching();
        return elector;
    }

    /** An elector whose watch thread has listed the Lease and opened its watch. */
    private LeaseElector watchingElector(ElectionEvents... listeners) {
        LeaseElector elector = watchOnly(api, listeners);
        await("the watch to open (after the list posted the Lease)", feed::isLive);
        return elector;
    }

    /**
     * Another replica writes the Lease and the watch delivers it; returns once the elector can see
     * it.
     */
    private void othersWrite(LeaseRecord record) {
        api.externalWrite(record);
        watch.emitCurrent(api);
        await("the event to arrive", () -> watch.handledAll());
    }

    @Test
    void aFollowerTakesTheLeaseTheMomentTheReleaseArrives() {
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 3));
        LeaseElector elector = watchingElector();

        long pause = elector.step();
        assertFalse(elector.state().isLeader());
        assertEquals(OTHER, elector.state().holderIdentity());
        assertEquals(
                LEASE_DURATION.toNanos(),
                pause,
                "with a live watch the follower waits for expiry, not a retry period");

        clock.advance(Duration.ofMillis(300));
        othersWrite(heldBy(OTHER, 15, clock.now(), 3).released(clock.now())); // graceful release
        elector.step(); // no clock advance: the event alone ends the pause

        assertTrue(elector.state().isLeader());
        assertEquals(4, api.stored().leaseTransitions());
        assertEquals(1, api.gets, "only the watch's initial list");
        assertEquals(1, api.updates, "one UPDATE on the watched object, no GET before it");
    }

    @Test
    void theExpiryTimerFiresAtLocalReceiptTimePlusTheRecordsDuration() {
        Instant longAgo = Instant.parse("2020-01-01T00:00:00Z"); // remote clocks never count
        api.externalWrite(heldBy(OTHER, 30, longAgo, 0));
        LeaseElector elector = watchingElector();
        assertEquals(Duration.ofSeconds(30).toNanos(), elector.step());

        clock.advance(Duration.ofSeconds(10));
        othersWrite(heldBy(OTHER, 30, longAgo.plusSeconds(10), 0)); // a renewal restarts the wait
        long pause = elector.step();
        assertEquals(Duration.ofSeconds(30).toNanos(), pause);

        clock.advanceNanos(pause - 1);
        elector.step();
        assertFalse(elector.state().isLeader());
        assertEquals(0, api.updates);

        clock.advanceNanos(1);
        elector.step();
        assertTrue(elector.state().isLeader());
        assertEquals(1, api.gets);
        assertEquals(1, api.updates);
    }

    @Test
    void noPollingWhileTheWatchIsHealthy() {
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 0));
        LeaseElector elector = watchingElector();
        for (int i = 0; i < 30; i++) { // one minute of the holder renewing every retry period
            long pause = elector.step();
            assertTrue(pause > RETRY.toNanos() * 2, "pause " + pause);
            clock.advance(RETRY);
            othersWrite(heldBy(OTHER, 15, clock.now(), 0));
        }
        elector.step();
        assertFalse(elector.state().isLeader());
        assertEquals(1, api.gets, "the watch's initial list is the only GET");
        assertEquals(0, api.updates + api.creates);
        assertEquals(1, watch.opens.size(), "one watch");
    }

    /**
     * When a Lease expires every watching follower claims at once; the losers' 409s must not each
     * be followed by a GET (2N−3 requests per expiry instead of N−1): the watch brings the winner.
     */
    @Test
    void aConflictOnTheWatchedObjectWaitsForTheWatchInsteadOfAGet() {
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 0).released(clock.now()));
        LeaseElector elector = watchingElector();
        api.externalWrite(heldBy("third", 15, clock.now(), 1)); // a faster follower, not yet seen

        long pause = elector.step();
        assertFalse(elector.state().isLeader());
        assertEquals(1, api.updates, "one claim, answered 409");
        assertEquals(1, api.gets, "no GET after the 409: only the watch's initial list");
        assertTrue(pause <= RETRY.toNanos() * 22 / 10, "at most a jittered retry period");

        watch.emitCurrent(api); // the winner's write arrives on the watch
        await("the event to arrive", () -> watch.handledAll());
        assertEquals(LEASE_DURATION.toNanos(), elector.step(), "waits for the new holder's expiry");
        assertEquals("third", elector.state().holderIdentity());
        assertEquals(1, api.updates + api.creates, "no second claim");
        assertEquals(1, api.gets);
    }

    @Test
    void aSecondConflictInARowWithNothingOnTheWatchFallsBackToAGet() {
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 0).released(clock.now()));
        LeaseElector elector = watchingElector();
        api.externalWrite(heldBy("third", 15, clock.now(), 1)); // the watch never shows it

        clock.advanceNanos(elector.step());
        assertEquals(1, api.gets);
        elector.step();
        assertFalse(elector.state().isLeader());
        assertEquals("third", elector.state().holderIdentity());
        assertEquals(2, api.updates, "the second claim, answered 409 again");
        assertEquals(2, api.gets, "the list, then one GET after the second 409");
        assertEquals(LEASE_DURATION.toNanos(), elector.step(), "waits for the new holder's expiry");
    }

    /** A watching elector that has taken the free Lease and whose watch has echoed that write. */
    private LeaseElector watchingLeader(ElectionEvents... listeners) {
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 3).released(clock.now()));
        LeaseElector elector = watchingElector(listeners);
        elector.step();
        assertTrue(elector.state().isLeader());
        assertTrue(gate.isOpen());
        watch.emitCurrent(api); // the echo of our acquire
        await("the echo to arrive", () -> watch.handledAll());
        return elector;
    }

    @Test
    void theLeaderRevokesTheGateTheMomentItsWatchShowsAnotherHolder() {
        List<String> stopped = new java.util.concurrent.CopyOnWriteArrayList<>();
        LeaseElector elector =
                watchingLeader(
                        new ElectionEvents() {
                            @Override
                            public void onStoppedLeading(LeadershipState state, String why) {
                                stopped.add(state.holderIdentity());
                            }
                        });
        api.externalWrite(
                heldBy(
                        OTHER,
                        15,
                        clock.now(),
                        5)); // kubectl edit, or a replica that judged us expired
        watch.emitCurrent(api);

        await("the gate to close without an elector turn", () -> !gate.isOpen());
        elector.step(); // the next turn reports it
        assertFalse(elector.state().isLeader());
        assertEquals(List.of(OTHER), stopped);
        assertEquals(
                1,
                logLines(
                        "lost leadership of lease shop/"
                                + leaseName
                                + ": the watch shows the lease held by other"),
                log());
    }

    @Test
    void theLeaderRevokesTheGateTheMomentItsWatchShowsTheLeaseDeleted() {
        LeaseElector elector = watchingLeader();
        LeaseSnapshot last = api.current();
        api.delete();
        watch.emit(WatchEvent.change(WatchEvent.Type.DELETED, last));

        await("the gate to close without an elector turn", () -> !gate.isOpen());
        elector.step();
        assertEquals(
                1,
                logLines(
                        "lost leadership of lease shop/"
                                + leaseName
                                + ": the watch shows the lease deleted"),
                log());
    }

    @Test
    void eventsOlderThanTheLeadersOwnWriteDoNotRevoke() {
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 3));
        LeaseSnapshot before = api.current(); // the watch lags: this arrives after our acquire
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 3).released(clock.now()));
        LeaseElector elector = watchingElector();
        elector.step();
        assertTrue(elector.state().isLeader());

        watch.emit(WatchEvent.change(WatchEvent.Type.MODIFIED, before));
        watch.emit(WatchEvent.change(WatchEvent.Type.DELETED, before));
        watch.emitCurrent(api); // then the echo of our acquire
        await("the three events to arrive", () -> watch.handledAll());

        assertTrue(gate.isOpen(), "history from before our write is no loss");
        elector.step();
        assertTrue(elector.state().isLeader());
    }

    @Test
    void aClaimAnswered404GetsAndCreatesInTheSameTurnLikeClientGo() {
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 3).released(clock.now()));
        LeaseElector elector = watchingElector();
        api.delete(); // kubectl delete lease; the watch has not delivered it yet

        elector.step();

        assertTrue(
                elector.state().isLeader(),
                "the claim's 404 led to a GET and a create, not to the same claim again");
        assertEquals(1, api.creates);
        assertEquals(ME, api.stored().holderIdentity());
    }

    @Test
    void aWatchOpenRefusedWith410ListsAgain() {
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 0));
        watch.refuse = LeaseApiException.ofStatus(410, "too old resource version");
        watchOnly(api);
        await("the refused open", () -> watch.opens.size() == 1);
        api.externalWrite(
                heldBy(OTHER, 15, clock.now().plusSeconds(2), 0)); // history moved on meanwhile
        String listed = api.current().resourceVersion();
        watch.refuse = null;

        await(
                "a second open",
                () -> {
                    clock.advance(RETRY); // past the reconnect backoff, however long
                    return watch.opens.size() >= 2;
                });

        assertEquals(
                listed,
                watch.opens.get(1),
                "410 on open means the version is gone: list again, watch from there");
        assertEquals(2, api.gets, "one GET per list");
    }

    @Test
    void gone410ListsAgainAndWatchesFromTheListedVersion() {
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 0));
        watchingElector();
        assertEquals(List.of(api.current().resourceVersion()), watch.opens);

        api.externalWrite(
                heldBy(OTHER, 15, clock.now().plusSeconds(2), 0)); // missed while compacted
        String listed = api.current().resourceVersion();
        watch.emit(WatchEvent.error(410, "too old resource version"));

        await("a second watch", () -> watch.opens.size() == 2);
        assertEquals(listed, watch.opens.get(1));
        assertEquals(2, api.gets, "one GET per list");
    }

    @Test
    void aStreamThatEndsOrBreaksIsResumedFromTheLastVersionWithoutListing() {
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 0));
        watchingElector();
        othersWrite(heldBy(OTHER, 15, clock.now().plusSeconds(2), 0));
        String seen = api.current().resourceVersion();
        watch.breakStream();
        await("the watch to resume", () -> watch.opens.size() == 2);
        assertEquals(seen, watch.opens.get(1));

        watch.emit(WatchEvent.bookmark("9000"));
        watch.endStream();
        await("the watch to resume again", () -> watch.opens.size() == 3);
        assertEquals("9000", watch.opens.get(2), "bookmarks move the resume point");
        assertEquals(1, api.gets, "resuming needs no list");
    }

    @Test
    void aRefusedWatchWarnsOnceAndTheElectorPollsLikeClientGo() {
        watch.refuse = LeaseApiException.ofStatus(403, "leases is forbidden: cannot watch");
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 0));
        LeaseElector elector = watchOnly(api);
        await("the watch to be given up", () -> logLines("Electing by polling instead") > 0);
        assertEquals(
                1,
                logLines("cannot watch lease shop/" + leaseName + ": forbidden (HTTP 403)"),
                log());
        assertTrue(log().contains("grant watch on leases"), log());
        assertTrue(log().contains("Electing by polling instead"), log());

        int getsBefore = api.gets;
        for (int i = 0; i < 5; i++) {
            long pause = elector.step();
            assertTrue(
                    pause >= RETRY.toNanos() && pause < RETRY.toNanos() * 22 / 10,
                    "pause " + pause);
            clock.advance(RETRY);
        }
        assertEquals(getsBefore + 5, api.gets, "one GET per turn");
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 0).released(clock.now()));
        elector.step();
        assertTrue(elector.state().isLeader(), "polling still elects");
        assertEquals(1, watch.opens.size(), "a refusal is final: no retries");
        assertEquals(1, logLines("cannot watch lease"), log());
    }

    @Test
    void aThrottledWatchOpenIsRetriedOnlyAfterRetryAfter() {
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 0));
        watch.refuse = LeaseApiException.ofStatus(429, "too many requests (fake)", 30);
        watchOnly(api);
        await("the throttled open", () -> watch.opens.size() == 1 && clock.sleepers() > 0);
        watch.refuse = null;
        clock.advance(Duration.ofSeconds(29)); // its own backoff (2 s) is long over
        await("the watch thread asleep again", () -> clock.sleepers() > 0);
        assertEquals(1, watch.opens.size(), "reopened before Retry-After");
        clock.advance(Duration.ofSeconds(1));
        await("the open after Retry-After", () -> watch.opens.size() == 2);
        assertEquals(
                0, logLines("cannot watch lease"), "a 429 is not a refusal for good: " + log());
    }

    @Test
    void streamsThatEndAsSoonAsTheyOpenAreGivenUpOnce() {
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 0));
        watchOnly(api);
        for (int i = 1; i <= LeaseWatcher.QUICK_BREAKS_TO_GIVE_UP; i++) {
            int opened = i;
            await("watch " + i, () -> watch.opens.size() == opened);
            watch.endStream();
            if (i < LeaseWatcher.QUICK_BREAKS_TO_GIVE_UP) {
                // Not live is set just before the backoff's sleep starts: advancing the clock in
                // between would push the wake-up past this advance, so wait for the sleeper.
                await("the backoff", () -> !feed.isLive() && clock.sleepers() > 0);
                clock.advance(RETRY.multipliedBy(8)); // past any backoff
            }
        }
        await("the watch to be given up", () -> logLines("Electing by polling instead") > 0);
        assertEquals(1, logLines("every watch stream ends as soon as it opens"), log());
    }

    @Test
    void theElectorThreadWakesOnTheReleaseInsteadOfSleepingItsRetryPeriod() {
        // Real time: retry 30 s, lease 60 s; a takeover within 10 s can only come from the event.
        ElectionSettings slow =
                new ElectionSettings(
                        "shop",
                        leaseName,
                        ME,
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(40),
                        Duration.ofSeconds(30));
        api.externalWrite(heldBy(OTHER, 60, Instant.now(), 0));
        GateControl realGate = new RecordingGate(SystemClock.INSTANCE);
        LeaseElector elector =
                new LeaseElector(
                        slow, api, watch, realGate, ElectionEvents.NONE, SystemClock.INSTANCE);
        WatchInbox realFeed = elector.watch;
        try {
            elector.start();
            await(
                    "the follower to see the holder",
                    () -> OTHER.equals(elector.state().holderIdentity()));
            await("the watch to open", realFeed::isLive);
            api.externalWrite(heldBy(OTHER, 60, Instant.now(), 0).released(Instant.now()));
            watch.emitCurrent(api);
            await("leadership right after the release", () -> elector.state().isLeader());
            assertEquals(ME, api.stored().holderIdentity());
        } finally {
            elector.stop();
        }
        assertFalse(realFeed.isLive(), "stop() ends the watch");
    }

    @Test
    void theLeadersOwnRenewalsEchoedByTheWatchDoNotWakeIt() {
        // Every successful write comes back as a watch event, as from a real API server.
        LeaseClient echoing =
                new LeaseClient() {
                    @Override
                    public java.util.Optional<LeaseSnapshot> get() throws LeaseApiException {
                        return api.get();
                    }

                    @Override
                    public LeaseSnapshot create(LeaseRecord record) throws LeaseApiException {
                        LeaseSnapshot created = api.create(record);
                        watch.emit(WatchEvent.change(WatchEvent.Type.ADDED, created));
                        return created;
                    }

                    @Override
                    public LeaseSnapshot update(LeaseSnapshot base, LeaseRecord next)
                            throws LeaseApiException {
                        LeaseSnapshot updated = api.update(base, next);
                        watch.emit(WatchEvent.change(WatchEvent.Type.MODIFIED, updated));
                        return updated;
                    }
                };
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 0).released(clock.now()));
        LeaseElector elector =
                new LeaseElector(settings(ME), echoing, watch, gate, ElectionEvents.NONE, clock);
        feed = elector.watch;
        try {
            elector.start();
            await("leadership", () -> elector.state().isLeader());
            for (int renewals = 1; renewals <= 3; renewals++) {
                int expected = renewals;
                await(
                        "the elector to pause after write " + renewals,
                        () ->
                                clock.sleepers() > 0
                                        && watch.handledAll()
                                        && api.updates == expected);
                clock.advance(RETRY);
                await("the renewal", () -> api.updates == expected + 1);
            }
        } finally {
            elector.stop();
        }
    }

    /** Polls {@code condition} in real time for up to 10 s: the watch thread's progress. */
    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(10), condition);
    }

    @Test
    void stopReleasesTheLeaseEvenWhenClosingTheWatchFails() {
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 3).released(clock.now()));
        LeaseElector elector = watchingElector();
        elector.step();
        assertTrue(elector.state().isLeader());
        watch.failOnClose = new IllegalStateException("Unbalanced enter/exit");

        elector.stop();

        assertEquals(
                "",
                api.stored().holderIdentity(),
                "released although the watch stream's close threw");
        assertEquals(1, api.stored().leaseDurationSeconds());
        assertFalse(gate.isOpen());
    }
}
