package io.leadergate.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as tests in other JVMs use it: one ready line, kubeconfigs, SIGTERM exit. */
class MainTest {
    @TempDir Path dir;

    @Test
    void printsOneReadyLineAfterWritingKubeconfigsAndStopsOnSigterm() throws Exception {
        Path kubeconfig = dir.resolve("kc");
        Path perClient = dir.resolve("clients");
        Process process =
                launch(
                        "--port",
                        "0",
                        "--tls",
                        "--kubeconfig",
                        kubeconfig.toString(),
                        "--kubeconfig-dir",
                        perClient.toString(),
                        "--client",
                        "a=t1",
                        "--client",
                        "b=t2",
                        "--namespace",
                        "team-a",
                        "--data-file",
                        dir.resolve("data.json").toString());
        try (BufferedReader stdout =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String ready = stdout.readLine();
            assertTrue(
                    ready != null
                            && ready.matches(
                                    "leadergate-devserver listening on https://127\\.0\\.0\\.1:\\d+"),
                    "ready line: " + ready);
            String url = ready.substring(ready.lastIndexOf(' ') + 1);
            // the kubeconfigs exist by the time the line is printed
            String first = Files.readString(kubeconfig);
            assertTrue(first.contains("server: \"" + url + "\""), first);
            assertTrue(first.contains("token: \"t1\""), first);
            assertTrue(first.contains("namespace: \"team-a\""), first);
            assertTrue(first.contains("certificate-authority-data: "), first);
            assertTrue(
                    Files.readString(perClient.resolve("b.kubeconfig")).contains("token: \"t2\""));

            process.toHandle().destroy(); // SIGTERM, keeping our end of stdout open

            assertTrue(process.waitFor(15, TimeUnit.SECONDS), "still running after SIGTERM");
            List<String> rest = new ArrayList<>();
            for (String line; (line = stdout.readLine()) != null; ) {
                rest.add(line);
            }
            assertEquals(List.of(), rest, "stdout carries exactly one line");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void helpPrintsUsageAndUnknownOptionsFail() throws Exception {
        Process help = launch("--help");
        String usage = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(help.waitFor(15, TimeUnit.SECONDS));
        assertEquals(0, help.exitValue());
        assertTrue(usage.contains("--client NAME=TOKEN"), usage);

        Process wrong = launch("--no-such-flag");
        wrong.getInputStream().readAllBytes();
        assertTrue(wrong.waitFor(15, TimeUnit.SECONDS));
        assertEquals(2, wrong.exitValue());
    }

    private Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
