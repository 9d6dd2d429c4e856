package io.leadergate.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.election.ElectionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespaceAndIdentityTest {

    private static final String SA_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
    private static final String KUBECONFIG =
            String.join(
                    "\n",
                    "apiVersion: v1",
                    "clusters:",
                    "- cluster: {server: 'https://127.0.0.1:6443'}",
                    "  name: kind",
                    "contexts:",
                    "- context:",
                    "    cluster: kind",
                    "    namespace: other",
                    "  name: other-ctx",
                    "- context:",
                    "    cluster: kind",
                    "    namespace: \"from-kubeconfig\"",
                    "    user: kind",
                    "  name: kind-ctx",
                    "current-context: kind-ctx",
                    "kind: Config",
                    "users: []");

    /**
     * A fixture with every namespace source present; each test removes the ones above the one it
     * checks.
     */
    private static ConfigFixture allSources() {
        ConfigFixture fixture =
                new ConfigFixture()
                        .env("LEADERGATE_LEASE_NAME", "jobs")
                        .env("LEADERGATE_LEASE_NAMESPACE", "from-key")
                        .env("POD_NAMESPACE", "from-env")
                        .env("KUBECONFIG", "/kube/config");
        fixture.host.file(SA_FILE, "from-file\n").file("/kube/config", KUBECONFIG);
        return fixture;
    }

    private static String namespace(ConfigFixture fixture) {
        return fixture.load().resolveElection().settings().orElseThrow().namespace();
    }

    @Test
    void namespaceChainOrder() {
        ConfigFixture fixture = allSources();
        assertEquals("from-key", namespace(fixture));
        fixture.environment.remove("LEADERGATE_LEASE_NAMESPACE");
        assertEquals("from-env", namespace(fixture));
        fixture.environment.remove("POD_NAMESPACE");
        assertEquals("from-file", namespace(fixture));
        fixture.host.files.remove(Paths.get(SA_FILE));
        assertEquals("from-kubeconfig", namespace(fixture));
        fixture.host.files.remove(Paths.get("/kube/config"));
        fixture.environment.remove("KUBECONFIG"); // naming a missing file would stop the election
        assertEquals("default", namespace(fixture));
    }

    @Test
    void namespaceOriginIsReported() {
        ConfigFixture fixture = allSources();
        fixture.environment.remove("LEADERGATE_LEASE_NAMESPACE");
        fixture.environment.remove("POD_NAMESPACE");
        assertTrue(
                fixture.load()
                        .resolveElection()
                        .origins()
                        .contains("namespace from " + Paths.get(SA_FILE)));
    }

    @Test
    void kubeconfigWithoutNamespaceFallsToDefaultAndJsonIsRead() {
        ConfigFixture fixture =
                new ConfigFixture().env("LEADERGATE_LEASE_NAME", "jobs").env("KUBECONFIG", "/k");
        fixture.host.file("/k", "current-context: x\ncontexts:\n- name: x\n  context: {}\n");
        assertEquals("default", namespace(fixture));
        fixture.host.file("/k", "");
        assertEquals("default", namespace(fixture));
        fixture.host.file(
                "/k",
                "{\"current-context\": \"c\", \"contexts\": [{\"name\": \"c\", \"context\": {\"namespace\": \"ns\"}}]}");
        assertEquals("ns", namespace(fixture));
    }

    @Test
    void malformedKubeconfigStopsTheElectionNamingTheFile() {
        // It would stop the transport anyway; said once, here, with the file and the YAML error.
        ConfigFixture fixture =
                new ConfigFixture().env("LEADERGATE_LEASE_NAME", "jobs").env("KUBECONFIG", "/k");
        fixture.host.file("/k", "{{{ not yaml");
        String reason = fixture.load().resolveElection().reason().orElseThrow();
        assertTrue(reason.startsWith("kubeconfig /k is not a valid kubeconfig: "), reason);
        assertTrue(reason.contains("line 1"), reason);

        fixture.host.file("/k", "- a list");
        reason = fixture.load().resolveElection().reason().orElseThrow();
        assertTrue(reason.contains("its top level is a list or a scalar"), reason);

        fixture.host.file("/k", "contexts: {name: x}");
        reason = fixture.load().resolveElection().reason().orElseThrow();
        assertTrue(reason.contains("contexts is not a list"), reason);
    }

    @Test
    void invalidPodNamespaceStopsTheElection() {
        ConfigFixture fixture =
                new ConfigFixture()
                        .env("LEADERGATE_LEASE_NAME", "jobs")
                        .env("POD_NAMESPACE", "Team_A");
        ElectionResolution resolution = fixture.load().resolveElection();
        assertFalse(resolution.elects());
        assertTrue(
                resolution
                        .reason()
                        .orElseThrow()
                        .startsWith(
                                "namespace \"Team_A\" from POD_NAMESPACE contains "
                                        + "uppercase 'T'"),
                resolution.reason().orElseThrow());
    }

    @Test
    void kubeconfigChainMirrorsClientGo() {
        ConfigFixture fixture =
                new ConfigFixture()
                        .env("LEADERGATE_LEASE_NAME", "jobs")
                        .env("KUBECONFIG", "/a/config:/b/config")
                        .env("HOME", "/home/u");
        fixture.host.file("/a/config", "").file("/b/config", "").file("/home/u/.kube/config", "");
        assertEquals(List.of(Paths.get("/a/config"), Paths.get("/b/config")), files(fixture));
        fixture.host.files.remove(Paths.get("/a/config"));
        assertEquals(List.of(Paths.get("/b/config")), files(fixture));
        fixture.environment.remove("KUBECONFIG");
        assertEquals(List.of(Paths.get("/home/u/.kube/config")), files(fixture));
        fixture.host.files.remove(Paths.get("/home/u/.kube/config"));
        assertEquals(List.of(), files(fixture), "in a pod: the service account");
        fixture.env("KUBECONFIG", "/a/config:/b/config");
        fixture.property("leadergate.kubeconfig", "/explicit");
        fixture.host.file("/explicit", "");
        assertEquals(List.of(Paths.get("/explicit")), files(fixture), "wins over KUBECONFIG");
    }

    private static List<Path> files(ConfigFixture fixture) {
        AgentConfig config = fixture.load();
        assertTrue(config.resolveElection().elects(), config.describe());
        return config.kubeconfig().map(Kubeconfig::files).orElse(List.of());
    }

    @Test
    void explicitKubeconfigThatDoesNotExistStopsTheElection() {
        ConfigFixture fixture =
                new ConfigFixture()
                        .env("LEADERGATE_LEASE_NAME", "jobs")
                        .property("leadergate.kubeconfig", "/nope");
        String reason = fixture.load().resolveElection().reason().orElseThrow();
        assertTrue(
                reason.startsWith("system property leadergate.kubeconfig=\"/nope\": no such file"),
                reason);
    }

    @Test
    void kubeconfigVariableNamingAMissingFileStopsTheElection() {
        // client-java would skip it and go on to ~/.kube/config; the user meant this file.
        ConfigFixture fixture =
                new ConfigFixture()
                        .env("LEADERGATE_LEASE_NAME", "jobs")
                        .env("KUBECONFIG", "/missing")
                        .env("HOME", "/home/u");
        fixture.host.file("/home/u/.kube/config", "");

        ElectionResolution resolution = fixture.load().resolveElection();

        assertFalse(resolution.elects());
        String reason = resolution.reason().orElseThrow();
        assertTrue(
                reason.startsWith(
                        "environment variable KUBECONFIG=\"/missing\": no such file /missing"),
                reason);
    }

    @Test
    void noKubeconfigOutsideAPodStopsTheElectionInsteadOfTryingLocalhost() {
        ConfigFixture fixture =
                new ConfigFixture().env("LEADERGATE_LEASE_NAME", "jobs").env("HOME", "/home/u");
        fixture.host.outsideAPod();

        ElectionResolution resolution = fixture.load().resolveElection();

        assertFalse(resolution.elects());
        String reason = resolution.reason().orElseThrow();
        assertTrue(
                reason.startsWith(
                        "no kubeconfig and no in-cluster service account: LEADERGATE_KUBECONFIG and "
                                + "KUBECONFIG are unset, /home/u/.kube/config does not exist"),
                reason);
        assertTrue(reason.contains("set LEADERGATE_KUBECONFIG"), reason);
    }

    @Test
    void noKubeconfigInAPodUsesTheServiceAccount() {
        ConfigFixture fixture =
                new ConfigFixture().env("LEADERGATE_LEASE_NAME", "jobs").env("KUBECONFIG", "");

        ElectionResolution resolution = fixture.load().resolveElection();

        assertTrue(resolution.elects(), resolution.reason().orElse(""));
        assertTrue(
                fixture.load().describe().contains("kubeconfig none (in-cluster service account)"),
                fixture.load().describe());
    }

    @Test
    void identityIsPodNameUnderscoreFiveRandomCharacters() {
        ConfigFixture fixture = new ConfigFixture().env("POD_NAME", "web-0");
        String identity = fixture.load().resolveElection().settings().orElseThrow().identity();
        assertTrue(identity.matches("web-0_[a-z0-9]{5}"), identity);
    }

    @Test
    void identityFallsBackToTheHostName() {
        ConfigFixture fixture = new ConfigFixture().env("LEADERGATE_LEASE_NAME", "jobs");
        fixture.host.hostName("box");
        assertTrue(
                fixture.load()
                        .resolveElection()
                        .settings()
                        .orElseThrow()
                        .identity()
                        .matches("box_[a-z0-9]{5}"));
    }

    @Test
    void twoJvmsInOnePodGetDifferentIdentities() {
        Set<String> identities = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            ConfigFixture fixture = new ConfigFixture().env("POD_NAME", "web-0");
            AgentConfig config =
                    AgentConfig.load(
                            null,
                            fixture.properties,
                            fixture.environment,
                            new RealRandomHost(fixture.host));
            identities.add(config.resolveElection().settings().orElseThrow().identity());
        }
        assertEquals(100, identities.size());
    }

    @Test
    void randomnessIsSeededFromTheOsPoolAndFallsBackToSecureRandom(@TempDir Path dir)
            throws Exception {
        Path pool = dir.resolve("pool");
        Files.write(pool, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        // The same 16 bytes give the same sequence: the seed is the file's, not the clock's.
        assertEquals(
                HostEnvironment.SystemHost.seededFrom(pool).nextLong(),
                HostEnvironment.SystemHost.seededFrom(pool).nextLong());
        Files.write(dir.resolve("short"), new byte[] {1, 2, 3});
        assertTrue(
                HostEnvironment.SystemHost.seededFrom(dir.resolve("short"))
                        instanceof java.security.SecureRandom);
        assertTrue(
                HostEnvironment.SystemHost.seededFrom(dir.resolve("missing"))
                        instanceof java.security.SecureRandom);
        assertFalse(
                HostEnvironment.SystemHost.seededFrom(Paths.get("/dev/urandom"))
                        instanceof java.security.SecureRandom);
    }

    @Test
    void explicitIdentityIsUsedVerbatim() {
        ElectionSettings settings =
                new ConfigFixture()
                        .env("POD_NAME", "web-0")
                        .args("identity=replica-a")
                        .load()
                        .resolveElection()
                        .settings()
                        .orElseThrow();
        assertEquals("replica-a", settings.identity());
    }

    /**
     * The fake machine, but with the real, independently seeded randomness of {@link
     * HostEnvironment#system()}.
     */
    private static final class RealRandomHost implements HostEnvironment {
        private final HostEnvironment files;
        private final HostEnvironment real = HostEnvironment.system();

        RealRandomHost(HostEnvironment files) {
            this.files = files;
        }

        @Override
        public Optional<String> readFile(java.nio.file.Path path) {
            return files.readFile(path);
        }

        @Override
        public boolean isRegularFile(java.nio.file.Path path) {
            return files.isRegularFile(path);
        }

        @Override
        public Optional<String> hostName() {
            return files.hostName();
        }

        @Override
        public java.nio.file.Path userHome() {
            return files.userHome();
        }

        @Override
        public java.util.Random random() {
            return real.random();
        }
    }
}
