package io.leadergate.agent.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.config.Kubeconfig;
import io.leadergate.devserver.DevApiServer;
import io.leadergate.testsupport.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kubeconfig user with {@code tokenFile}, against the dev API server with {@code --token-file}
 * (it accepts only the token its file holds now, re-read per request): the client's token file is
 * rewritten mid-term, as the kubelet rewrites a projected service-account token, and the server
 * switches to the new token. The elector keeps leading through every rotation: the gate never shuts
 * and the Lease never changes hands.
 */
class TokenRotationDevServerTest {

    /**
     * Generous: a renewal slowed by a loaded host must not be mistaken for an authentication
     * failure.
     */
    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(4);

    private static final Duration RETRY = Duration.ofMillis(200);

    @TempDir Path dir;
    private DevApiServer server;
    private LeaseElector elector;

    @AfterEach
    void tearDown() {
        if (elector != null) {
            elector.stop();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void theElectorKeepsLeadingThroughTokenRotations() throws Exception {
        Path serverToken = dir.resolve("server-token");
        Path clientToken = dir.resolve("client-token");
        Files.writeString(serverToken, "token-1\n");
        Files.writeString(clientToken, "token-1\n");
        server = DevApiServer.builder().tokenFile(serverToken).build().start();
        // The user reads the client's copy, named relative to the kubeconfig's directory as
        // client-go resolves it.
        String text =
                "apiVersion: v1\nkind: Config\n"
                        + "clusters:\n- name: dev\n  cluster:\n    server: \""
                        + server.url()
                        + "\"\n"
                        + "contexts:\n- name: dev\n  context:\n    cluster: dev\n    namespace: default\n    user: rotating\n"
                        + "current-context: dev\n"
                        + "users:\n- name: rotating\n  user:\n    tokenFile: client-token\n";
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, text);

        ElectionSettings settings =
                new ElectionSettings(
                        "default",
                        "rotation",
                        "replica",
                        Duration.ofSeconds(6),
                        RENEW_DEADLINE,
                        RETRY);
        RecordingGate gate = new RecordingGate(SystemClock.INSTANCE);
        elector =
                new LeaseElector(
                        settings,
                        KubeLeaseClient.create(settings, Optional.of(Kubeconfig.read(kubeconfig))),
                        LeaseWatchSource.NONE,
                        gate,
                        ElectionEvents.NONE,
                        SystemClock.INSTANCE);
        elector.start();
        awaitLeading(gate);
        int transitions = elector.state().leaseTransitions();

        // Rotation noticed by the file's new modification time: the client file first, as the
        // kubelet
        // writes the new token before the old one expires; then the server stops accepting the old
        // one.
        Files.writeString(clientToken, "token-2\n");
        Files.writeString(serverToken, "token-2\n");
        renewsTwiceMore();

        // Rotation the modification time does not show (same timestamp): only the server's 401 can
        // make
        // the client read the file again and retry once; without that, the renewals would fail.
        FileTime unchanged = Files.getLastModifiedTime(clientToken);
        Files.writeString(serverToken, "token-3\n");
        Files.writeString(clientToken, "token-3\n");
        Files.setLastModifiedTime(clientToken, unchanged);
        renewsTwiceMore();
        assertTrue(gate.isOpen(), "the gate is open after the rotations: " + elector.state());

        assertEquals(
                transitions, elector.state().leaseTransitions(), "the Lease never changed hands");
        assertEquals("replica", elector.state().holderIdentity());
    }

    private void awaitLeading(RecordingGate gate) throws InterruptedException {
        Await.until(
                "leadership",
                Duration.ofSeconds(30),
                gate::isOpen,
                () -> "state: " + elector.state());
    }

    /**
     * Waits for two more successful renewals (one may have been sent before the rotation) while the
     * elector never stops leading and never sees a failed call.
     */
    private void renewsTwiceMore() throws InterruptedException {
        java.time.Instant before = elector.state().lastRenew();
        int renewals = 0;
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (renewals < 2 && System.nanoTime() < end) {
            LeadershipState state = elector.state();
            assertTrue(state.isLeader(), "stopped leading during a token rotation: " + state);
            assertEquals(
                    null, state.lastError(), "a call failed during a token rotation: " + state);
            if (!state.lastRenew().equals(before)) {
                before = state.lastRenew();
                renewals++;
            }
            Thread.sleep(5);
        }
        assertEquals(2, renewals, "renewals stopped: " + elector.state());
    }
}
