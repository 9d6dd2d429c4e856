package io.leadergate.agent.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.testsupport.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** stop() and release, error reporting and backoff, and the real elector thread on a fake clock. */
class LeaseElectorLifecycleTest extends ElectorFixture {

    @Test
    void stopRevokesTheGateThenReleasesTheLease() {
        List<Boolean> gateOpenDuringRelease = new ArrayList<>();
        List<String> events = new CopyOnWriteArrayList<>();
        LeaseElector elector =
                elector(
                        ME,
                        new ElectionEvents() {
                            @Override
                            public void onStoppedLeading(LeadershipState state, String why) {
                                events.add("stopped");
                            }
                        });
        elector.step();
        clock.advance(RETRY);
        elector.step();
        int transitions = api.stored().leaseTransitions();
        api.onUpdate = r -> gateOpenDuringRelease.add(gate.isOpen());
        clock.advance(Duration.ofMillis(500));

        elector.stop();
        elector.stop(); // idempotent

        LeaseRecord released = api.stored();
        assertEquals("", released.holderIdentity());
        assertEquals(1, released.leaseDurationSeconds());
        assertEquals(transitions, released.leaseTransitions());
        assertEquals(clock.now(), released.acquireTime());
        assertEquals(clock.now(), released.renewTime());
        assertEquals(
                List.of(false),
                gateOpenDuringRelease,
                "one release request, sent after the gate closed");
        assertEquals("revoke", gate.events.get(gate.events.size() - 1));
        assertFalse(elector.state().isLeader());
        assertNull(elector.state().leaderSince());
        assertEquals(List.of("stopped"), events);
        assertTrue(log().contains("released lease shop/" + leaseName), log());
    }

    @Test
    void stopWithoutLeadershipWritesNothing() {
        api.externalWrite(heldBy(OTHER, 15, clock.now(), 0));
        LeaseElector elector = elector(ME);
        elector.step();
        api.resetCounts();
        elector.stop();
        assertEquals(0, api.updates);
        assertEquals(OTHER, api.stored().holderIdentity());
    }

    @Test
    void forbiddenIsLoggedOnceWithTheRbacFixAndBacksOffToEightRetryPeriods() {
        LeaseElector elector = elector(ME);
        api.failAlways = LeaseApiException.ofStatus(403, "leases is forbidden");
        long pause = 0;
        for (int i = 0; i < 20; i++) {
            pause = elector.step();
            clock.advanceNanos(pause);
        }
        assertEquals(1, logLines("forbidden (HTTP 403)"), log());
        assertTrue(
                log().contains(
                                "grant get, create, update on leases in API group coordination.k8s.io, "
                                        + "namespace shop, to this pod's service account; see docs/kubernetes/rbac.yaml"),
                log());
        assertTrue(
                pause >= 8 * RETRY.toNanos() && pause < 8 * RETRY.toNanos() * 22 / 10,
                "pause " + pause);
        assertEquals(LeaseApiException.Kind.FORBIDDEN, elector.state().lastError());

        api.failAlways = null; // RBAC fixed
        assertTrue(elector.step() < RETRY.toNanos() * 22 / 10);
        assertTrue(elector.state().isLeader());
        assertNull(elector.state().lastError());

        api.failAlways = LeaseApiException.ofStatus(403, "leases is forbidden"); // broken again
        clock.advance(RETRY);
        elector.step();
        assertEquals(2, logLines("forbidden (HTTP 403)"), "reported again after recovery");
    }

    @Test
    void notFoundOnCreateNamesTheMissingNamespace() {
        LeaseClient noNamespace =
                new LeaseClient() {
                    @Override
                    public java.util.Optional<LeaseSnapshot> get() {
                        return java.util.Optional.empty();
                    }

                    @Override
                    public LeaseSnapshot create(LeaseRecord record) throws LeaseApiException {
                        throw LeaseApiException.ofStatus(404, "namespaces \"shop\" not found");
                    }

                    @Override
                    public LeaseSnapshot update(LeaseSnapshot base, LeaseRecord next) {
                        throw new AssertionError("no update expected");
                    }
                };
        LeaseElector elector =
                new LeaseElector(
                        settings(ME),
                        noNamespace,
                        LeaseWatchSource.NONE,
                        gate,
                        ElectionEvents.NONE,
                        clock);
        for (int i = 0; i < 3; i++) {
            elector.step();
        }
        assertEquals(1, logLines("namespace shop does not exist"), log());
        assertFalse(elector.state().isLeader());
        assertEquals(LeaseApiException.Kind.NOT_FOUND, elector.state().lastError());
    }

    @Test
    void theThreadSurvivesUnexpectedExceptionsLeadsAndReleasesOnStop() {
        api.failures.add(
                FakeLeaseClient.RuntimeOrApi.runtime(new IllegalStateException("surprise")));
        LeaseElector elector = elector(ME);
        elector.start();
        elector.start(); // no second thread

        awaitWhileAdvancing(() -> elector.state().isLeader());
        assertTrue(log().contains("unexpected error electing on lease shop/" + leaseName), log());
        assertTrue(gate.isOpen());
        int renewsBefore = api.updates;
        awaitWhileAdvancing(() -> api.updates >= renewsBefore + 3);
        assertEquals(1, threadsNamed("leadergate-elector"));

        long started = System.nanoTime();
        elector.stop();
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos());
        assertFalse(gate.isOpen());
        assertEquals("", api.stored().holderIdentity());
        awaitReal(() -> threadsNamed("leadergate-elector") == 0);
    }

    @Test
    void aRenewStillInFlightWhenStopGivesUpWaitingIsFollowedByTheReleaseNeverByAClaim()
            throws Exception {
        ElectionSettings quickRelease =
                new ElectionSettings(
                        "shop",
                        leaseName,
                        ME,
                        LEASE_DURATION,
                        RENEW_DEADLINE,
                        RETRY,
                        Duration.ofMillis(50));
        java.util.concurrent.CountDownLatch renewSent = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch answerRenew =
                new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Thread> elector =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean holdNextRenew =
                new java.util.concurrent.atomic.AtomicBoolean();
        LeaseClient slowToAnswer =
                new LeaseClient() {
                    @Override
                    public java.util.Optional<LeaseSnapshot> get() throws LeaseApiException {
                        return api.get();
                    }

                    @Override
                    public LeaseSnapshot create(LeaseRecord record) throws LeaseApiException {
                        return api.create(record);
                    }

                    @Override
                    public LeaseSnapshot update(LeaseSnapshot base, LeaseRecord next)
                            throws LeaseApiException {
                        if (next.isHeldBy(ME) && holdNextRenew.compareAndSet(true, false)) {
                            elector.set(Thread.currentThread());
                            renewSent.countDown();
                            boolean interrupted = false;
                            while (answerRenew.getCount()
                                    > 0) { // on the wire: an interrupt does not unsend it
                                try {
                                    answerRenew.await();
                                } catch (InterruptedException e) {
                                    interrupted = true;
                                }
                            }
                            if (interrupted) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        return api.update(base, next);
                    }
                };
        LeaseElector leader =
                new LeaseElector(
                        quickRelease,
                        slowToAnswer,
                        LeaseWatchSource.NONE,
                        gate,
                        ElectionEvents.NONE,
                        clock);
        leader.start();
        awaitWhileAdvancing(() -> leader.state().isLeader());
        holdNextRenew.set(true);
        awaitWhileAdvancing(() -> renewSent.getCount() == 0);

        Thread stopping = new Thread(leader::stop, "stop");
        stopping.start();
        stopping.join(Duration.ofSeconds(10).toMillis()); // gives up waiting for the elector thread
        assertFalse(stopping.isAlive());
        answerRenew.countDown(); // the renew lands after stop() returned
        elector.get().join(Duration.ofSeconds(10).toMillis());
        assertFalse(elector.get().isAlive());

        LeaseRecord last = api.writes.get(api.writes.size() - 1);
        assertEquals("", last.holderIdentity(), "the release is the last write: " + api.writes);
        assertEquals("", api.stored().holderIdentity(), "the Lease is free for a successor");
        assertFalse(gate.isOpen());
    }

    /** Advances virtual time 100 ms per real millisecond until {@code condition} holds. */
    private void awaitWhileAdvancing(BooleanSupplier condition) {
        Await.untilStepping(
                "the condition",
                Duration.ofSeconds(10),
                condition,
                () -> clock.advance(Duration.ofMillis(100)),
                this::log);
    }

    private static void awaitReal(BooleanSupplier condition) {
        Await.until("the condition", Duration.ofSeconds(5), condition);
    }

    private static int threadsNamed(String name) {
        return (int)
                Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals(name) && t.isAlive())
                        .count();
    }
}
