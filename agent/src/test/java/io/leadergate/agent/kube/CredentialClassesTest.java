package io.leadergate.agent.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only what the configured credential needs is loaded (issue 9): the in-cluster service account
 * loads no YAML parser and nothing of client-java; a kubeconfig with a token loads SnakeYAML to
 * read it (its event parser only) but not client-java's {@code KubeConfig}, whose class initialiser
 * brings slf4j and jose4j (for its OpenID Connect authenticator); an exec plugin does load {@code
 * KubeConfig}. Each path in a fresh JVM ({@link CredentialClassesProbe}) with {@code
 * -Xlog:class+load}: a count that does not depend on the machine's load.
 */
class CredentialClassesTest {

    @TempDir Path dir;

    private List<String> classesLoaded(String mode, String expectedAuthorization) throws Exception {
        Path work = Files.createDirectories(dir.resolve(mode));
        Path log = work.resolve("classes.log");
        Process probe =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xlog:class+load=info:file=" + log,
                                "-cp",
                                System.getProperty("java.class.path"),
                                CredentialClassesProbe.class.getName(),
                                mode,
                                work.toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(probe.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, probe.exitValue(), output);
        assertEquals("200 " + expectedAuthorization, output.trim());
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("[class,load]"))
                .map(line -> line.replaceAll(".*\\[class,load\\] (\\S+) source:.*", "$1"))
                .collect(Collectors.toList());
    }

    private static List<String> from(List<String> classes, String... packages) {
        return classes.stream()
                .filter(
                        name -> {
                            for (String p : packages) {
                                if (name.startsWith(p)) {
                                    return true;
                                }
                            }
                            return false;
                        })
                .collect(Collectors.toList());
    }

    @Test
    void inClusterLoadsNoYamlAndNothingOfClientJava() throws Exception {
        List<String> classes = classesLoaded("in-cluster", "Bearer service-account-token");
        assertEquals(
                List.of(),
                from(
                        classes,
                        "org.yaml.",
                        "io.kubernetes.",
                        "org.jose4j.",
                        "org.slf4j.",
                        "org.apache.commons."));
        assertNoTrustStoreAnchors(classes);
    }

    /**
     * With a CA given, the server name is checked by {@link NameCheckingTrust}, not the JDK's
     * "HTTPS" identification, whose {@code AnchorCertificates} parses the whole {@code cacerts}
     * file (~5 MiB allocated) to ask whether the chain ends at a public CA.
     */
    private static void assertNoTrustStoreAnchors(List<String> classes) {
        assertTrue(classes.contains("sun.security.ssl.SSLSocketImpl"), "a TLS handshake ran");
        assertEquals(
                List.of(),
                from(
                        classes,
                        "sun.security.util.AnchorCertificates",
                        "sun.security.util.HostnameChecker",
                        "sun.security.provider.JavaKeyStore$DualFormatJKS"));
    }

    @Test
    void aKubeconfigTokenLoadsSnakeYamlButNotClientJavasKubeConfig() throws Exception {
        List<String> classes = classesLoaded("token", "Bearer kubeconfig-token");
        assertTrue(!from(classes, "org.yaml.snakeyaml.").isEmpty(), "the kubeconfig is YAML");
        // Its event parser only: not the object constructor, representer or bean introspector.
        assertEquals(
                List.of(),
                from(
                        classes,
                        "org.yaml.snakeyaml.Yaml",
                        "org.yaml.snakeyaml.constructor.",
                        "org.yaml.snakeyaml.representer.",
                        "org.yaml.snakeyaml.introspector.",
                        "org.yaml.snakeyaml.composer.",
                        "java.beans."));
        assertEquals(
                List.of(),
                from(
                        classes,
                        "io.kubernetes.",
                        "org.jose4j.",
                        "org.slf4j.",
                        "org.apache.commons."));
        assertNoTrustStoreAnchors(classes);
    }

    @Test
    void anExecPluginUsesClientJavasKubeConfig() throws Exception {
        List<String> classes = classesLoaded("exec", "Bearer exec-token");
        assertTrue(
                classes.contains("io.kubernetes.client.util.KubeConfig"),
                "the plugin runs through KubeConfig");
    }
}
