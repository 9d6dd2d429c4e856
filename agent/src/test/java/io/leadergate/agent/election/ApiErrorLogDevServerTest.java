package io.leadergate.agent.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.config.Kubeconfig;
import io.leadergate.agent.log.AgentLog;
import io.leadergate.devserver.DevApiServer;
import io.leadergate.devserver.FaultPlan;
import io.leadergate.testsupport.Await;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way of being unable to use the API server — RBAC 403, a missing namespace, a wrong token, an
 * untrusted certificate, an unresolvable host — against the real dev API server and the real
 * client: over several retries exactly one agent log line, naming the fix, no stack trace, and the
 * gate stays shut.
 */
class ApiErrorLogDevServerTest {

    private static final int RETRIES = 4;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir Path dir;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private DevApiServer server;
    private DevApiServer otherCa;
    private LeaseElector elector;

    @BeforeEach
    void captureLog() {
        AgentLog.setOutput(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() {
        if (elector != null) {
            elector.stop();
        }
        for (DevApiServer s : new DevApiServer[] {server, otherCa}) {
            if (s != null) {
                s.stop();
            }
        }
        AgentLog.setOutput(System.err);
    }

    /**
     * Retry period 50 ms, so a 403's backoff to eight of them still gives several retries quickly;
     * renew deadline 4 s, so each call may take 2 s (a first TLS handshake on a loaded host is
     * slow). The identity is unique per test: the log's once-keys name it.
     */
    private static ElectionSettings settings(String namespace, String identity) {
        return new ElectionSettings(
                namespace,
                "errors",
                identity + "-" + System.nanoTime(),
                Duration.ofSeconds(5),
                Duration.ofSeconds(4),
                Duration.ofMillis(50));
    }

    /**
     * Runs an elector with {@code kubeconfig} until it has tried {@link #RETRIES} + 1 times;
     * returns the agent's log lines.
     */
    private List<String> electUntilRetried(ElectionSettings settings, Path kubeconfig)
            throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ElectionEvents counting =
                new ElectionEvents() {
                    @Override
                    public void onCall(Call call, long nanos, LeaseApiException.Kind error) {
                        calls.incrementAndGet();
                    }
                };
        RecordingGate gate = new RecordingGate(SystemClock.INSTANCE);
        elector =
                new LeaseElector(
                        settings,
                        KubeLeaseClient.create(settings, Optional.of(Kubeconfig.read(kubeconfig))),
                        LeaseWatchSource.NONE,
                        gate,
                        counting,
                        SystemClock.INSTANCE);
        elector.start();
        Await.until(
                RETRIES + " retries",
                PATIENCE,
                () -> calls.get() > RETRIES,
                () -> "the elector tried " + calls.get() + " times:\n" + log);
        assertFalse(gate.isOpen(), "the gate must stay shut");
        elector.stop();
        elector = null;
        return log.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(line -> line.startsWith("[leadergate]"))
                .collect(Collectors.toList());
    }

    private void assertOneLineNamingTheFix(List<String> lines, String condition, String fix) {
        List<String> matching =
                lines.stream()
                        .filter(line -> line.contains(condition))
                        .collect(Collectors.toList());
        assertEquals(
                1,
                matching.size(),
                "exactly one line for '" + condition + "' over " + RETRIES + " retries:\n" + log);
        assertTrue(
                matching.get(0).contains(fix),
                "the line names the fix '" + fix + "': " + matching.get(0));
        assertFalse(
                log.toString(StandardCharsets.UTF_8).contains("\tat "), "no stack trace:\n" + log);
    }

    private Path kubeconfig(DevApiServer s, String client, String namespace) throws Exception {
        Path file =
                dir.resolve(
                        (client == null ? "anonymous" : client) + "-" + namespace + ".kubeconfig");
        s.writeKubeconfig(file, client, namespace);
        return file;
    }

    @Test
    void forbiddenNamesTheRbacRule() throws Exception {
        server = DevApiServer.builder().client("replica", "good-token").build().start();
        server.faults().set(FaultPlan.none().withRefusal());
        List<String> lines =
                electUntilRetried(
                        settings("default", "replica"), kubeconfig(server, "replica", "default"));
        assertOneLineNamingTheFix(
                lines,
                "forbidden (HTTP 403)",
                "grant get, create, update on leases in API group "
                        + "coordination.k8s.io, namespace default");
    }

    @Test
    void aMissingNamespaceIsNamed() throws Exception {
        server =
                DevApiServer.builder()
                        .client("replica", "good-token")
                        .namespaces("default")
                        .build()
                        .start();
        List<String> lines =
                electUntilRetried(
                        settings("absent", "replica"), kubeconfig(server, "replica", "absent"));
        assertOneLineNamingTheFix(
                lines, "namespace absent does not exist (HTTP 404)", "create the namespace");
    }

    @Test
    void aWrongTokenNamesTheCredentials() throws Exception {
        server = DevApiServer.builder().client("replica", "good-token").build().start();
        String text = server.kubeconfig("replica", "default").replace("good-token", "stale-token");
        Path file = dir.resolve("wrong-token.kubeconfig");
        Files.writeString(file, text);
        List<String> lines = electUntilRetried(settings("default", "replica"), file);
        assertOneLineNamingTheFix(lines, "unauthorized (HTTP 401)", "check the credentials");
    }

    @Test
    void anUntrustedServerCertificateIsUnreachableWithTheFix() throws Exception {
        server = DevApiServer.builder().tls(true).client("replica", "good-token").build().start();
        otherCa = DevApiServer.builder().tls(true).client("replica", "good-token").build().start();
        // The other server's CA, this server's address: the handshake fails on the certificate
        // chain.
        String text = otherCa.kubeconfig("replica", "default").replace(otherCa.url(), server.url());
        Path file = dir.resolve("wrong-ca.kubeconfig");
        Files.writeString(file, text);
        List<String> lines = electUntilRetried(settings("default", "replica"), file);
        assertOneLineNamingTheFix(
                lines,
                "TLS handshake with the Kubernetes API server failed",
                "certificate-authority");
    }

    @Test
    void anUnresolvableHostIsUnreachableWithTheFix() throws Exception {
        server = DevApiServer.builder().client("replica", "good-token").build().start();
        String text =
                server.kubeconfig("replica", "default")
                        .replace(server.url(), "http://nonexistent.invalid:6443");
        Path file = dir.resolve("dns.kubeconfig");
        Files.writeString(file, text);
        List<String> lines = electUntilRetried(settings("default", "replica"), file);
        assertOneLineNamingTheFix(
                lines,
                "cannot resolve the Kubernetes API server's host name",
                "check the server address");
        assertTrue(
                String.join("\n", lines).contains("nonexistent.invalid"),
                "the line names the host:\n" + log);
    }
}
