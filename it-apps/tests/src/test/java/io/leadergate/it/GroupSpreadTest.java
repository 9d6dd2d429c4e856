package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.testsupport.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several Leases per JVM (issue 12), in separate JVMs against the dev server: the groups app's six
 * groups (four by {@code @LeaderOnly("group")}, two by {@code gate.methods} patterns) are spread
 * over the replicas, each group runs on exactly one of them, and no group ever has two runners,
 * through a kill -9 and a replica joining.
 */
class GroupSpreadTest {

    static final List<String> GROUPS = ItConfig.GROUPS_APP_GROUPS;

    /** The mixed app: the six groups and the default group's plain {@code @LeaderOnly}. */
    static final List<String> MIXED =
            List.of("alpha", "beta", "default", "delta", "epsilon", "gamma", "zeta");

    static final Map<String, String> PATTERN_GROUPS = ItConfig.GROUPS_APP_PATTERNS;

    /** JVM start plus the first elections of three JVMs at once on a busy two-core host. */
    private static final Duration SETTLE = Duration.ofSeconds(120);

    /** A group whose last run started longer ago than this has no runner right now. */
    private static final long RECENT_NANOS = Duration.ofMillis(600).toNanos();

    /** A spread counts once it has held this long (several hand-overs may follow each other). */
    private static final Duration STABLE = Duration.ofSeconds(2);

    @RegisterExtension static final LeaseCluster cluster = new LeaseCluster();

    @Test
    void sixGroupsSpreadOverThreeReplicasThenTwoAfterAKillThenFourWithAJoiner() {
        ReplicaGroup group =
                cluster.startWithAgent(3, ItConfig.groupsAppJar(), "spread", PATTERN_GROUPS);

        Map<String, String> spread =
                awaitSpread(group, GROUPS, List.of(2, 2, 2), "3 replicas x 6 groups");
        assertOneRunnerPerGroup(group, GROUPS);
        awaitLeaderDocumentsShow(group, "spread", spread);

        String victim = spread.get("alpha");
        ReplicaProcess killed = group.replica(victim);
        killed.kill();
        assertEquals(137, killed.awaitExit(SETTLE), "kill -9 exit status");
        Map<String, String> afterKill =
                awaitSpread(group, GROUPS, List.of(3, 3), "after kill -9 of " + victim);
        assertTrue(
                afterKill.values().stream().noneMatch(victim::equals),
                "the killed replica's groups moved\n" + group.describe());

        ReplicaProcess joiner = group.startAnother();
        Map<String, String> joined =
                Await.value(
                        joiner.id() + " to lead at least one group, the others spread",
                        SETTLE,
                        () -> {
                            Map<String, String> now = stableLeaders(group, GROUPS);
                            return now != null && now.containsValue(joiner.id())
                                    ? Optional.of(now)
                                    : Optional.empty();
                        },
                        group::describe);
        List<Integer> loads = loads(joined);
        assertTrue(
                loads.get(0) - loads.get(loads.size() - 1) <= 1 || loads.size() == 3,
                "spread after the join: " + joined + "\n" + group.describe());
        assertOneRunnerPerGroup(group, GROUPS);
        awaitLeaderDocumentsShow(group, "spread", joined);
    }

    /**
     * A mixed app: annotated groups, pattern groups and the default group at once, on two replicas:
     * seven Leases spread 4+3, the default group's on the lease name itself.
     */
    @Test
    void annotatedPatternAndDefaultGroupsTogether() {
        Map<String, String> env = new java.util.HashMap<>(PATTERN_GROUPS);
        env.put("IT_DEFAULT_GROUP", "true");
        ReplicaGroup group = cluster.startWithAgent(2, ItConfig.groupsAppJar(), "mixed", env);

        awaitSpread(group, MIXED, List.of(4, 3), "2 replicas x 7 groups");
        assertOneRunnerPerGroup(group, MIXED);
        assertTrue(
                group.replicas().stream()
                        .anyMatch(
                                r ->
                                        r.stderr()
                                                .contains(
                                                        "became leader of lease default/mixed as")),
                "the default group is elected on the lease name itself\n" + group.describe());
        assertTrue(
                group.replicas().stream()
                        .anyMatch(
                                r ->
                                        r.stderr()
                                                .contains(
                                                        "became leader of lease default/mixed-epsilon as")),
                "a pattern group on <lease>-<group>\n" + group.describe());
    }

    /**
     * Waits until every group has a runner and the loads, largest first, are {@code expected}, for
     * {@link #STABLE}; returns group → replica.
     */
    static Map<String, String> awaitSpread(
            ReplicaGroup group, List<String> groups, List<Integer> expected, String what) {
        return Await.value(
                what + ": loads " + expected,
                SETTLE,
                () -> {
                    Map<String, String> now = stableLeaders(group, groups);
                    return now != null && loads(now).equals(expected)
                            ? Optional.of(now)
                            : Optional.empty();
                },
                () -> "leaders now: " + leadersNow(group) + "\n" + group.describe());
    }

    /**
     * Waits until {@code /leader} of every live replica lists each group of {@code leaders} on
     * {@code <lease>-<group>}, held by the replica whose runs the test observed, and that replica
     * alone says it leads it, with a fencing token.
     */
    private static void awaitLeaderDocumentsShow(
            ReplicaGroup group, String lease, Map<String, String> leaders) {
        Await.until(
                "/leader of every replica to show the holders " + leaders,
                SETTLE,
                () -> leaderDocumentsShow(group, lease, leaders),
                () -> leaderDocuments(group) + "\n" + group.describe());
    }

    private static boolean leaderDocumentsShow(
            ReplicaGroup group, String lease, Map<String, String> leaders) {
        for (ReplicaProcess replica : group.replicas()) {
            if (!replica.isAlive()) {
                continue;
            }
            String document =
                    group.health(replica.id())
                            .orElseThrow()
                            .get("/leader")
                            .map(r -> r.body())
                            .orElse("");
            for (Map.Entry<String, String> entry : leaders.entrySet()) {
                boolean leads = entry.getValue().equals(replica.id());
                Matcher m =
                        Pattern.compile(
                                        "\\{\"group\":\""
                                                + entry.getKey()
                                                + "\",\"lease\":\"default/"
                                                + lease
                                                + "-"
                                                + entry.getKey()
                                                + "\",\"holderIdentity\":\"([^\"]*)\","
                                                + "\"isLeader\":(true|false),"
                                                + "\"fencingToken\":(-?\\d+)\\}")
                                .matcher(document);
                if (!m.find()
                        || !m.group(1).equals(entry.getValue())
                        || Boolean.parseBoolean(m.group(2)) != leads
                        || (Long.parseLong(m.group(3)) >= 0) != leads) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String leaderDocuments(ReplicaGroup group) {
        StringBuilder out = new StringBuilder();
        for (ReplicaProcess replica : group.replicas()) {
            out.append(replica.id())
                    .append(" /leader: ")
                    .append(group.health(replica.id()).map(h -> h.read("/leader")).orElse("-"))
                    .append('\n');
        }
        return out.toString();
    }

    /** {@link #leadersNow} if it covers every group and is unchanged over {@link #STABLE}. */
    private static Map<String, String> stableLeaders(ReplicaGroup group, List<String> groups) {
        Map<String, String> before = leadersNow(group);
        if (before.size() != groups.size()) {
            return null;
        }
        long until = System.nanoTime() + STABLE.toNanos();
        while (System.nanoTime() - until < 0) {
            try {
                Thread.sleep(100); // sampling within one await round, not an assertion
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (!before.equals(leadersNow(group))) {
                return null;
            }
        }
        return before;
    }

    /** Group → the replica of its latest run, for groups whose latest run is recent. */
    static Map<String, String> leadersNow(ReplicaGroup group) {
        long now = System.nanoTime();
        Map<String, String> leaders = new TreeMap<>();
        for (Run run : group.runLog().runs()) {
            if (now - run.startNanos() < RECENT_NANOS) {
                String[] who = run.replicaId().split("@");
                leaders.put(who[1], who[0]);
            }
        }
        return leaders;
    }

    /** How many groups each replica leads, largest first. */
    static List<Integer> loads(Map<String, String> leaders) {
        Map<String, Integer> byReplica = new TreeMap<>();
        leaders.values().forEach(r -> byReplica.merge(r, 1, Integer::sum));
        List<Integer> loads = new ArrayList<>(byReplica.values());
        loads.sort((a, b) -> b - a);
        return loads;
    }

    /** No two replicas ever ran one group's work at overlapping times; every group ran. */
    static void assertOneRunnerPerGroup(ReplicaGroup group, List<String> groups) {
        List<Run> all = group.runLog().runs();
        for (String name : groups) {
            List<Run> runs =
                    all.stream().filter(run -> run.replicaId().endsWith("@" + name)).toList();
            assertTrue(!runs.isEmpty(), "group " + name + " never ran\n" + group.describe());
            assertEquals(
                    List.of(),
                    RunLog.overlaps(runs),
                    "overlapping runs of group " + name + "\n" + group.describe());
        }
    }
}
