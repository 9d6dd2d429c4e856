package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The spread on an API server without the CoordinatedLeaderElection feature gate (the dev server
 * with {@code --without-coordinated-leader-election}), which drops {@code spec.preferredHolder} and
 * {@code spec.strategy} from every Lease write: a replica that joins still gets its share of the
 * groups by graceful hand-over, asked through the Lease annotation, with no group ever run by two
 * replicas at once.
 */
class GroupSpreadFallbackTest {

    @RegisterExtension
    static final LeaseCluster cluster =
            new LeaseCluster().withServerOptions("--without-coordinated-leader-election");

    @Test
    void aJoinerGetsItsShareWhenTheServerDropsThePreferredHolder() {
        ReplicaGroup group =
                cluster.startWithAgent(
                        2, ItConfig.groupsAppJar(), "fallback", GroupSpreadTest.PATTERN_GROUPS);
        GroupSpreadTest.awaitSpread(
                group, GroupSpreadTest.GROUPS, List.of(3, 3), "2 replicas x 6 groups");

        ReplicaProcess joiner = group.startAnother();
        Map<String, String> joined =
                GroupSpreadTest.awaitSpread(
                        group,
                        GroupSpreadTest.GROUPS,
                        List.of(2, 2, 2),
                        joiner.id() + " joined without preferredHolder");
        assertTrue(joined.containsValue(joiner.id()), joined + "\n" + group.describe());
        assertTrue(
                joiner.stderr().contains("dropped spec.preferredHolder from lease"),
                "the joiner noticed the server drops the field\n" + group.describe());
        GroupSpreadTest.assertOneRunnerPerGroup(group, GroupSpreadTest.GROUPS);
    }
}
