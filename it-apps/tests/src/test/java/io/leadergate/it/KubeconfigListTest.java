package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code KUBECONFIG} listing several files, merged as kubectl merges them: the dev server's
 * kubeconfig for a named client split in two, its context and current-context in one file, its
 * cluster and user (with the client's token) in another directory, a missing file and an empty
 * entry around them. The replica finds its namespace in the first file, reaches the server and
 * authenticates with what the second holds, and leads.
 */
class KubeconfigListTest {

    private static final Duration FIRST_LEADER = Duration.ofSeconds(90);
    private static final String NAMESPACE = "listed-ns";

    @RegisterExtension static final LeaseCluster cluster = new LeaseCluster(List.of("merged"));

    @Test
    void aContextInOneFileAndItsClusterAndUserInAnotherLead() throws Exception {
        String written = Files.readString(cluster.server().kubeconfig("merged"));
        StringBuilder contexts = new StringBuilder("apiVersion: v1\nkind: Config\n");
        StringBuilder access = new StringBuilder();
        boolean inContexts = false;
        for (String line : written.split("\n")) {
            if (line.equals("contexts:")) {
                inContexts = true;
            } else if (!line.startsWith(" ") && !line.startsWith("-")) {
                inContexts = false; // the next top-level key
            }
            if (inContexts) {
                contexts.append(line.replaceFirst("^(\\s+namespace:).*", "$1 " + NAMESPACE));
                contexts.append('\n');
            } else if (line.startsWith("current-context:")) {
                contexts.append(line).append('\n');
            } else {
                access.append(line).append('\n');
            }
        }
        assertTrue(contexts.toString().contains("namespace: " + NAMESPACE), contexts.toString());
        assertTrue(access.toString().contains("token:"), access.toString());
        Path first = Files.createDirectories(cluster.testDir().resolve("first")).resolve("context");
        Path second =
                Files.createDirectories(cluster.testDir().resolve("second")).resolve("access");
        Files.writeString(first, contexts);
        Files.writeString(second, access);

        Map<String, String> env = new HashMap<>(LeaseTimings.asEnvironment());
        env.put(
                "KUBECONFIG",
                String.join(
                        File.pathSeparator,
                        cluster.testDir().resolve("missing").toString(),
                        first.toString(),
                        "",
                        second.toString()));
        env.put("LEADERGATE_LEASE_NAME", "listed");
        env.put("LEADERGATE_IDENTITY", "replica-listed");
        env.put("LEADERGATE_HEALTH_PORT", "off");
        ReplicaProcess replica =
                cluster.closeAfterTest(
                        ReplicaProcess.start(
                                "replica-listed",
                                ItConfig.plainAppJar(),
                                true,
                                env,
                                cluster.testDir()));

        replica.awaitStderrLine(
                Pattern.compile("became leader of lease " + NAMESPACE + "/listed"), FIRST_LEADER);
        replica.awaitStdoutLine(Pattern.compile("running leader-only work"), FIRST_LEADER);
        String stderr = replica.stderr();
        assertEquals(
                1,
                stderr.lines().filter(line -> line.contains("kubeconfig: merged")).count(),
                replica.describe());
        assertTrue(
                stderr.contains("skipping missing " + cluster.testDir().resolve("missing")),
                replica.describe());
        assertTrue(
                DevServerRequests.fetch(cluster.server()).total("merged") > 0,
                "the requests carried the second file's token");
    }
}
