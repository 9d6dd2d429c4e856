package io.leadergate.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.log.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code KUBECONFIG=a:b} merged as client-go's loading rules merge it (the first file to define a
 * context, cluster or user wins the whole entry; current-context from the first file setting one;
 * missing files skipped; relative paths against the defining file's directory), and each file read
 * once per resolution.
 */
class KubeconfigMergeTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        AgentLog.setOutput(new PrintStream(captured, true, StandardCharsets.UTF_8));
        AgentLog.reset("config: kubeconfig merged");
    }

    @AfterEach
    void restore() {
        AgentLog.setOutput(System.err);
    }

    private static final String CONTEXT_ONLY =
            "current-context: dev\n"
                    + "contexts: [{name: dev, context: {cluster: shared, user: alice, namespace: team-b}}]\n";

    private static final String CLUSTER_AND_USER =
            "clusters: [{name: shared, cluster: {server: 'https://b.example:6443', certificate-authority: ca.crt}}]\n"
                    + "users: [{name: alice, user: {client-certificate: alice.crt, client-key: keys/alice.key, tokenFile: ../token}}]\n";

    private static Kubeconfig read(FakeHost host, String... files) throws IOException {
        List<Path> paths = new java.util.ArrayList<>();
        for (String file : files) {
            paths.add(Paths.get(file));
        }
        return Kubeconfig.read(paths, host);
    }

    @Test
    void theFirstFileToDefineANameWinsTheWholeEntry() throws IOException {
        FakeHost host =
                new FakeHost()
                        .file(
                                "/a",
                                "clusters: [{name: shared, cluster: {server: 'https://a.example'}}]\n"
                                        + "users: [{name: alice, user: {token: from-a}}]\n")
                        .file("/b", CONTEXT_ONLY + CLUSTER_AND_USER);

        Kubeconfig merged = read(host, "/a", "/b");

        assertEquals("https://a.example", merged.clusterString("server"));
        // client-go takes the entry whole: the CA only /b's "shared" names is not merged in.
        assertNull(merged.clusterPath("certificate-authority"));
        assertEquals("from-a", merged.userString("token"));
        assertNull(merged.userPath("client-certificate"));
        assertEquals(Paths.get("/a"), merged.clusterFile());
        assertEquals(Paths.get("/a"), merged.userFile());
        assertEquals(Paths.get("/b"), merged.contextFile());
        assertEquals(List.of(Paths.get("/a"), Paths.get("/b")), merged.files());
    }

    @Test
    void currentContextComesFromTheFirstFileThatSetsOne() throws IOException {
        String contexts =
                "contexts: [{name: x, context: {namespace: nx}}, {name: y, context: {namespace: ny}}]\n";
        FakeHost host =
                new FakeHost()
                        .file("/a", "current-context: ''\n" + contexts)
                        .file("/b", "current-context: x\n")
                        .file("/c", "current-context: y\n");

        Kubeconfig merged = read(host, "/a", "/b", "/c");

        assertEquals("x", merged.currentContext());
        assertEquals(Optional.of("nx"), merged.namespace());
        assertEquals(Paths.get("/a"), merged.contextFile(), "defined in /a, chosen by /b");
        assertNull(read(host, "/a").currentContext(), "an empty current-context sets none");
    }

    @Test
    void relativePathsResolveAgainstTheFileThatDefinedTheEntry() throws IOException {
        FakeHost host =
                new FakeHost()
                        .file("/home/u/.kube/dev", CONTEXT_ONLY)
                        .file("/etc/kube/access", CLUSTER_AND_USER)
                        .file(
                                "/opt/other",
                                "clusters: [{name: other, cluster: {certificate-authority: other.crt}}]\n");

        Kubeconfig merged = read(host, "/home/u/.kube/dev", "/opt/other", "/etc/kube/access");

        assertEquals(Paths.get("/etc/kube/ca.crt"), merged.clusterPath("certificate-authority"));
        assertEquals(Paths.get("/etc/kube/alice.crt"), merged.userPath("client-certificate"));
        assertEquals(Paths.get("/etc/kube/keys/alice.key"), merged.userPath("client-key"));
        assertEquals(Paths.get("/etc/token"), merged.userPath("tokenFile"));
    }

    @Test
    void anUnknownContextOrClusterIsAnErrorNamingTheFilesWithASuggestion() {
        FakeHost host =
                new FakeHost()
                        .file("/a", "current-context: staging\n")
                        .file(
                                "/b",
                                "contexts: [{name: stagign, context: {cluster: prod-eu}}]\n"
                                        + "clusters: [{name: prod-us, cluster: {server: 'https://x'}}]\n");

        IOException e = assertThrows(IOException.class, () -> read(host, "/a", "/b"));
        assertEquals(
                "kubeconfig files /a, /b: the current-context \"staging\" (set in /a) is not defined "
                        + "in any of them (did you mean \"stagign\"?). Fix: kubectl config use-context NAME, "
                        + "or add the context",
                e.getMessage());

        host.file("/a", "current-context: stagign\n");
        e = assertThrows(IOException.class, () -> read(host, "/a", "/b"));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "kubeconfig files /a, /b: the context \"stagign\" (in /b) names the "
                                        + "cluster \"prod-eu\", which is not defined in any of them "
                                        + "(did you mean \"prod-us\"?). Fix:"),
                e.getMessage());
    }

    @Test
    void anUnknownUserIsWarnedAndLeavesNoCredentials() throws IOException {
        FakeHost host =
                new FakeHost()
                        .file(
                                "/a",
                                "current-context: x\n"
                                        + "contexts: [{name: x, context: {cluster: c, user: bob}}]\n"
                                        + "clusters: [{name: c, cluster: {server: 'https://x'}}]\n"
                                        + "users: [{name: alice, user: {token: t}}]\n");

        Kubeconfig merged = read(host, "/a");

        assertEquals(Map.of(), merged.user());
        assertNull(merged.userFile());
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(
                log.contains(
                        "the context \"x\" (in /a) names the user \"bob\", which is not defined "
                                + "(users defined: alice); requests go without credentials"),
                log);
    }

    @Test
    void resolutionSkipsMissingFilesTakesTheNamespaceFromTheMergedViewAndSaysWhatItMerged() {
        ConfigFixture fixture =
                new ConfigFixture()
                        .env("LEADERGATE_LEASE_NAME", "jobs")
                        .env("KUBECONFIG", ":/missing:/dev::/access:/dev");
        fixture.host.file("/dev", CONTEXT_ONLY).file("/access", CLUSTER_AND_USER);

        AgentConfig config = fixture.load();
        ElectionResolution resolution = config.resolveElection();

        assertTrue(resolution.elects(), resolution.toString());
        assertEquals("team-b", resolution.settings().orElseThrow().namespace());
        assertTrue(
                resolution
                        .origins()
                        .contains("namespace from the current context dev of " + Paths.get("/dev")),
                resolution.origins().toString());
        assertTrue(
                resolution
                        .origins()
                        .contains(
                                "kubeconfig /dev, /access (from KUBECONFIG, skipping missing /missing)"),
                resolution.origins().toString());
        Kubeconfig merged = config.kubeconfig().orElseThrow();
        assertEquals(List.of(Paths.get("/dev"), Paths.get("/access")), merged.files());
        assertEquals("https://b.example:6443", merged.clusterString("server"));
        assertEquals(Paths.get("/access"), merged.userFile());
        String log = captured.toString(StandardCharsets.UTF_8);
        assertEquals(1, log.split("kubeconfig: merged", -1).length - 1, log);
        assertTrue(log.contains("kubeconfig: merged /dev, /access (from KUBECONFIG"), log);
    }

    @Test
    void aKubeconfigVariableNoneOfWhoseFilesExistsStopsTheElection() {
        ConfigFixture fixture =
                new ConfigFixture()
                        .env("LEADERGATE_LEASE_NAME", "jobs")
                        .env("KUBECONFIG", "/gone:/lost")
                        .env("HOME", "/home/u");
        fixture.host.file("/home/u/.kube/config", CONTEXT_ONLY + CLUSTER_AND_USER);

        ElectionResolution resolution = fixture.load().resolveElection();

        assertFalse(resolution.elects());
        assertEquals(
                "environment variable KUBECONFIG=\"/gone:/lost\": none of its files exists (/gone, "
                        + "/lost); expected a kubeconfig file, or leave KUBECONFIG unset for "
                        + "~/.kube/config or the in-cluster service account",
                resolution.reason().orElseThrow());
    }

    @Test
    void eachFileIsReadOncePerResolution() {
        ConfigFixture fixture =
                new ConfigFixture()
                        .env("LEADERGATE_LEASE_NAME", "jobs")
                        .env("KUBECONFIG", "/dev:/access");
        fixture.host.file("/dev", CONTEXT_ONLY).file("/access", CLUSTER_AND_USER);

        AgentConfig config = fixture.load();
        config.resolveElection();
        config.describe();
        Kubeconfig forTheTransport = config.kubeconfig().orElseThrow();

        assertEquals(1, fixture.host.reads.get(Paths.get("/dev")), fixture.host.reads.toString());
        assertEquals(
                1, fixture.host.reads.get(Paths.get("/access")), fixture.host.reads.toString());
        assertEquals("alice", forTheTransport.userName());
    }
}
