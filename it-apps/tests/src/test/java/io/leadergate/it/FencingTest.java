package io.leadergate.it;

import static io.leadergate.it.LeaseTimings.LEASE_DURATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.testsupport.Await;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fencing end to end (issue 14, part 4): the case a Lease alone cannot prevent. The leader of
 * {@code it-apps/fencing-app} is frozen (SIGSTOP) in the middle of a write, after taking its token
 * and before sending it, for longer than the Lease duration; the successor writes with a higher
 * token; the old leader, resumed, sends its write late. The store rejects it, and never holds a
 * value written out of order.
 */
class FencingTest {

    private static final Duration FIRST_LEADER = Duration.ofSeconds(90);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Pattern WRITE_BEGINS =
            Pattern.compile("(?m)^(replica-\\d): write begins token=(\\d+) value=(\\S+)$");

    @RegisterExtension static final LeaseCluster cluster = new LeaseCluster();

    @Test
    void aLeaderFrozenMidWriteIsRejectedByTheStoreAfterItsSuccessorWrote() throws Exception {
        FencedStore store = cluster.closeAfterTest(FencedStore.start());
        ReplicaGroup group =
                cluster.startWithAgent(
                        2,
                        ItConfig.fencingAppJar(),
                        "fencing",
                        Map.of("IT_STORE_URL", store.url().toString(), "IT_WRITE_MILLIS", "300"));
        Run settled = group.awaitSettledLeader(FIRST_LEADER, PATIENCE);
        ReplicaProcess leader = group.replica(settled.replicaId());
        ReplicaProcess successor = group.othersThan(leader.id()).get(0);

        // The next write the leader begins: stop it there, between taking the token and sending it.
        int begunBefore = count(WRITE_BEGINS, leader.stdout());
        MatchResult begun =
                Await.value(
                        leader.id() + " to begin a write",
                        PATIENCE,
                        () -> {
                            List<MatchResult> all = matches(WRITE_BEGINS, leader.stdout());
                            return all.size() > begunBefore
                                    ? java.util.Optional.of(all.get(begunBefore))
                                    : java.util.Optional.empty();
                        },
                        () -> group.describe() + "\n" + store.describe());
        signal("STOP", leader.pid());
        long stopped = System.nanoTime(); // after kill has returned: the process is stopped by now
        long staleToken = Long.parseLong(begun.group(2));
        String staleValue = begun.group(3);
        int writesAtStop = store.writes().size();

        FencedStore.Write successors =
                Await.value(
                        successor.id() + " to write with a higher token",
                        PATIENCE,
                        () ->
                                store.writes().stream()
                                        .skip(writesAtStop)
                                        .filter(
                                                w ->
                                                        w.accepted()
                                                                && w.value()
                                                                        .startsWith(
                                                                                successor.id()
                                                                                        + "#")
                                                                && w.token() > staleToken)
                                        .findFirst(),
                        () -> group.describe() + "\n" + store.describe());
        Await.until(
                "the stop to outlast the lease duration",
                PATIENCE,
                () -> System.nanoTime() - stopped > LEASE_DURATION.toNanos(),
                group::describe);
        long resumed = System.nanoTime();
        signal("CONT", leader.pid());

        FencedStore.Write late =
                Await.value(
                        leader.id() + "'s late write to reach the store",
                        PATIENCE,
                        () ->
                                store.writes().stream()
                                        .filter(w -> w.value().equals(staleValue))
                                        .findFirst(),
                        () -> group.describe() + "\n" + store.describe());
        leader.awaitStdoutLine(
                Pattern.compile(
                        "write rejected \\(409\\) token="
                                + staleToken
                                + " value="
                                + Pattern.quote(staleValue)),
                PATIENCE);

        String picture =
                String.format(
                        java.util.Locale.ROOT,
                        "%s stopped %.2f s mid-write (token %d), %s wrote with token %d "
                                + "%.2f s after the stop; resumed, %s's write arrived %.3f s after resume\n%s",
                        leader.id(),
                        (resumed - stopped) / 1e9,
                        staleToken,
                        successor.id(),
                        successors.token(),
                        (successors.arrivedNanos() - stopped) / 1e9,
                        leader.id(),
                        (late.arrivedNanos() - resumed) / 1e9,
                        store.describe());
        System.out.println("[fencing] " + picture);
        // The case a Lease cannot prevent: the stale write really arrived after the successor's.
        assertTrue(late.arrivedNanos() > successors.arrivedNanos(), picture);
        assertTrue(!late.accepted(), "the store must reject the stale token: " + picture);
        long highest = Long.MIN_VALUE;
        for (FencedStore.Write write : store.writes()) {
            if (write.accepted()) {
                assertTrue(
                        write.token() >= highest,
                        "an accepted write went back in token order: " + picture);
                highest = write.token();
            }
        }
        assertTrue(!store.value().equals(staleValue), picture);
        System.out.println(
                "[fencing] overlapping gated runs (the frozen run spans the successor's, by design): "
                        + group.runLog().overlaps().size());
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill =
                new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
    }

    private static int count(Pattern pattern, String text) {
        return matches(pattern, text).size();
    }

    private static List<MatchResult> matches(Pattern pattern, String text) {
        return pattern.matcher(text).results().toList();
    }
}
