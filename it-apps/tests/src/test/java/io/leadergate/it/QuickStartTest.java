package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.testsupport.Await;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * README's "Run your own app locally" block, run as written: the lines between its {@code <!--
 * quickstart} and {@code <!-- /quickstart -->} markers go to bash with only the app (the plain
 * sample app), the ports (free ones) and the kubeconfig path swapped for the test's, and the build
 * line left out (the build has just run). Its {@code kubectl} line (without {@code -w}) and {@code
 * curl} line are then run as written too. So the section cannot rot unnoticed.
 */
class QuickStartTest {

    private static final Duration FIRST_LEADER = Duration.ofSeconds(90);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void readmeQuickStartRunsAndGatesTheApp() throws Exception {
        Path root = ItConfig.agentJar().getParent().getParent().getParent();
        Path dir = Files.createDirectories(ItConfig.logsDir().resolve("QuickStartTest"));
        Map<String, String> swaps = new LinkedHashMap<>();
        swaps.put("$PWD/agent/target/leadergate-agent.jar", ItConfig.agentJar().toString());
        swaps.put("devserver/target/leadergate-devserver.jar", ItConfig.devServerJar().toString());
        swaps.put("path/to/my-app.jar", ItConfig.plainAppJar().toString());
        swaps.put("/tmp/leadergate-kubeconfig", dir.resolve("kubeconfig").toString());
        swaps.put("8001", String.valueOf(freePort()));
        swaps.put("8081", String.valueOf(freePort()));
        swaps.put("8082", String.valueOf(freePort()));

        List<String> block = quickStartBlock(Files.readAllLines(root.resolve("README.md")));
        String kubectl = only(block, "kubectl ").replace(" -w", "");
        String curl = only(block, "curl ");
        StringBuilder script = new StringBuilder();
        for (String line : block) {
            if (!line.startsWith("mvn ")
                    && !line.startsWith("kubectl ")
                    && !line.startsWith("curl ")) {
                script.append(line).append('\n');
            }
        }
        script.append("wait\n");
        Path runLog = dir.resolve("runs.log");
        Files.deleteIfExists(runLog);

        ProcessBuilder builder =
                new ProcessBuilder("bash", "-c", swapped(script.toString(), swaps))
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("quickstart.log").toFile());
        builder.environment()
                .put(
                        "PATH",
                        ItConfig.replicaJava().getParent()
                                + File.pathSeparator
                                + System.getenv("PATH"));
        builder.environment().put("IT_RUN_LOG", runLog.toString());
        Process shell = builder.start();
        try {
            RunLog runs = new RunLog(runLog);
            String lease =
                    Await.value(
                            "kubectl to show a holder of the Lease",
                            FIRST_LEADER,
                            () -> {
                                String out = run(swapped(kubectl, swaps), root);
                                // HOLDER TRANSITIONS, then a line per state: a holder's name in the
                                // first column.
                                return out.startsWith("HOLDER")
                                                && out.lines()
                                                        .skip(1)
                                                        .anyMatch(
                                                                line ->
                                                                        line.matches(
                                                                                "\\S+\\s+\\d+.*"))
                                        ? Optional.of(out)
                                        : Optional.empty();
                            },
                            () -> describe(dir, runs));
            assertTrue(lease.contains("TRANSITIONS"), lease);

            Run first =
                    Await.value(
                            "the gated work to run",
                            FIRST_LEADER,
                            () -> runs.first(run -> true),
                            () -> describe(dir, runs));
            long windowEnd = first.startNanos() + TimeUnit.SECONDS.toNanos(3);
            Await.until(
                    "three seconds of gated work",
                    PATIENCE,
                    () -> runs.first(run -> run.startNanos() > windowEnd).isPresent(),
                    () -> describe(dir, runs));
            Set<String> runners =
                    runs.runs().stream().map(Run::replicaId).collect(Collectors.toSet());
            assertEquals(
                    1, runners.size(), "both replicas ran the gated work\n" + describe(dir, runs));
            assertEquals(List.of(), runs.overlaps(), describe(dir, runs));

            String leader = run(swapped(curl, swaps), root);
            assertTrue(leader.contains("\"lease\"") || leader.contains("my-app-leader"), leader);
        } finally {
            shell.descendants().forEach(ProcessHandle::destroy);
            shell.destroy();
            shell.waitFor(30, TimeUnit.SECONDS);
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The lines of the fenced block after the quickstart marker, continuation lines joined. */
    private static List<String> quickStartBlock(List<String> readme) {
        List<String> joined = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : rawBlock(readme)) {
            if (line.endsWith("\\") && !line.trim().startsWith("#")) {
                pending.append(line, 0, line.length() - 1);
            } else {
                joined.add(pending.append(line).toString());
                pending.setLength(0);
            }
        }
        return joined;
    }

    private static List<String> rawBlock(List<String> readme) {
        int marker = -1;
        for (int i = 0; i < readme.size(); i++) {
            if (readme.get(i).startsWith("<!-- quickstart")) {
                marker = i;
            }
        }
        assertTrue(
                marker >= 0 && readme.get(marker + 1).startsWith("```"),
                "README has no quickstart block");
        List<String> block = new ArrayList<>();
        for (int i = marker + 2; !readme.get(i).startsWith("```"); i++) {
            block.add(readme.get(i));
        }
        return block;
    }

    private static String only(List<String> block, String prefix) {
        List<String> lines = block.stream().filter(line -> line.startsWith(prefix)).toList();
        assertEquals(1, lines.size(), "one " + prefix + "line in the quickstart block: " + block);
        return lines.get(0).replaceAll("\\s+#.*$", "");
    }

    private static String swapped(String text, Map<String, String> swaps) {
        String result = text;
        for (Map.Entry<String, String> swap : swaps.entrySet()) {
            result = result.replace(swap.getKey(), swap.getValue());
        }
        return result;
    }

    private static String run(String command, Path dir) {
        try {
            Process process =
                    new ProcessBuilder("bash", "-c", command)
                            .directory(dir.toFile())
                            .redirectErrorStream(true)
                            .start();
            String out =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String describe(Path dir, RunLog runs) {
        try {
            return runs.describe() + "\n" + Files.readString(dir.resolve("quickstart.log"));
        } catch (IOException e) {
            return runs.describe();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
