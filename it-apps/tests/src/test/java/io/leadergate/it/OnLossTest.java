package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.it.hardening.LongCallApp;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code leadergate.on.loss} in a real JVM: the leader is inside a long gated call when the API
 * server starts refusing it (403, as a revoked RBAC rule), so it cannot renew and its gate closes
 * one renew deadline later. {@code continue}: the call runs to its end. {@code interrupt}: the call
 * sees the interrupt soon after the gate closes. {@code exit}: the JVM halts with status 1.
 */
class OnLossTest {

    private static final Duration RENEW_DEADLINE = Duration.ofMillis(1500);
    private static final Duration STARTUP = Duration.ofSeconds(90);

    /** Host load on top of the renew deadline: bounds "promptly" without timing the machine. */
    private static final Duration SLACK = Duration.ofSeconds(4);

    private static final Pattern STARTED =
            Pattern.compile("long-call-app: long call started at (\\d+)");
    private static final Pattern INTERRUPTED =
            Pattern.compile("long-call-app: long call interrupted after (\\d+) ms at (\\d+)");
    private static final Pattern COMPLETED =
            Pattern.compile("long-call-app: long call completed after (\\d+) ms");

    @RegisterExtension static final LeaseCluster cluster = new LeaseCluster();

    private ChildJvm startLeaderInLongCall(String mode, long callSeconds) {
        // Registered first, so it runs after the replica is gone: the next test's leader is not
        // refused.
        cluster.closeAfterTest(() -> DevServerHooks.clearFaults(cluster.server()));
        Map<String, String> env = new HashMap<>();
        env.put("LEADERGATE_KUBECONFIG", cluster.server().kubeconfig().toString());
        env.put("LEADERGATE_LEASE_NAME", "on-loss-" + mode);
        env.put("LEADERGATE_LEASE_NAMESPACE", "default");
        env.put("LEADERGATE_IDENTITY", "replica-" + mode);
        env.put("LEADERGATE_LEASE_DURATION", "2s");
        env.put("LEADERGATE_RENEW_DEADLINE", RENEW_DEADLINE.toMillis() + "ms");
        env.put("LEADERGATE_RETRY_PERIOD", "250ms");
        env.put("LEADERGATE_HEALTH_PORT", "off");
        env.put("LEADERGATE_GATE_METHODS", LongCallApp.GATED_METHOD);
        env.put("LEADERGATE_ON_LOSS", mode);
        env.put("IT_CALL_SECONDS", String.valueOf(callSeconds));
        List<String> command =
                ChildJvm.testClassCommand(
                        List.of("-javaagent:" + ItConfig.agentJar()), LongCallApp.class);
        ChildJvm replica =
                cluster.closeAfterTest(
                        ChildJvm.start("replica-" + mode, command, env, cluster.testDir()));
        replica.awaitStdoutLine(STARTED, STARTUP);
        return replica;
    }

    @Test
    void continueLetsTheRunningCallFinishAfterTheGateCloses() {
        ChildJvm jvm = startLeaderInLongCall("continue", 6);
        DevServerHooks.refuseEveryone(cluster.server());

        Matcher completed = jvm.awaitStdoutLine(COMPLETED, Duration.ofSeconds(60));
        assertTrue(
                Long.parseLong(completed.group(1)) >= 6000,
                "the call ran its full length\n" + jvm.describe());
        assertFalse(
                INTERRUPTED.matcher(jvm.stdout()).find(),
                "continue must not interrupt\n" + jvm.describe());
        assertTrue(
                jvm.stderr().contains("lost leadership of lease default/on-loss-continue"),
                "the gate closed while the call ran\n" + jvm.describe());
        assertTrue(jvm.isAlive(), jvm.describe());
    }

    @Test
    void interruptReachesTheRunningCallSoonAfterTheGateCloses() {
        ChildJvm jvm = startLeaderInLongCall("interrupt", 60);
        long cutNanos = System.nanoTime();
        DevServerHooks.refuseEveryone(cluster.server());

        Matcher interrupted = jvm.awaitStdoutLine(INTERRUPTED, Duration.ofSeconds(60));
        long afterCut =
                Long.parseLong(interrupted.group(2))
                        - cutNanos; // one monotonic clock on a Linux host
        Measurements.record("on.loss=interrupt: API refused -> gated call interrupted", afterCut);
        assertTrue(
                afterCut <= RENEW_DEADLINE.plus(SLACK).toNanos(),
                "interrupted "
                        + afterCut / 1_000_000
                        + " ms after the cut; the gate closes "
                        + RENEW_DEADLINE.toMillis()
                        + " ms after the last renewal\n"
                        + jvm.describe());
        // The agent logs right after interrupting, so the app may print first: wait for the line.
        jvm.awaitStderrLine(
                Pattern.compile(
                        Pattern.quote(
                                "on.loss=interrupt: interrupted the gated calls in flight on main")),
                Duration.ofSeconds(10));
        assertFalse(COMPLETED.matcher(jvm.stdout()).find(), jvm.describe());
        assertTrue(jvm.isAlive(), "the application keeps running\n" + jvm.describe());
    }

    @Test
    void exitHaltsTheJvmWithStatusOne() {
        ChildJvm jvm = startLeaderInLongCall("exit", 60);
        DevServerHooks.refuseEveryone(cluster.server());

        assertEquals(
                1,
                jvm.awaitExit(Duration.ofSeconds(60)),
                "documented exit status\n" + jvm.describe());
        assertTrue(
                jvm.stderr().contains("on.loss=exit: halting the JVM with status 1"),
                jvm.describe());
        assertFalse(
                COMPLETED.matcher(jvm.stdout()).find(),
                "the call did not outlive leadership\n" + jvm.describe());
    }
}
