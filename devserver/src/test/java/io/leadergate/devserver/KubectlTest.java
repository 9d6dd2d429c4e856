package io.leadergate.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code kubectl} (whatever is on the PATH; v1.32 here) against the dev server, as a user
 * tries it: get (server-side Table with HOLDER), get -w (a release arrives as an event), describe,
 * -o jsonpath, apply -f with client-side validation on, apply --server-side (conflict, force),
 * strict field validation, api-resources, explain, patch and delete; EndpointSlices as the agent's
 * leader Service keeps them (apply, get, -l, jsonpath, patch, delete). Skipped when there is no
 * kubectl on the PATH.
 */
class KubectlTest {
    private static final Pattern AGE = Pattern.compile("\\d+s");
    private static DevApiServer server;
    private static Path kubectl;
    @TempDir static Path dir;

    @BeforeAll
    static void start() throws IOException {
        kubectl = onPath("kubectl");
        Assumptions.assumeTrue(
                kubectl != null,
                "no kubectl on the PATH: the kubectl conformance checks are skipped");
        server = DevApiServer.builder().build().start();
        server.writeKubeconfig(dir.resolve("kubeconfig"), null, "default");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void getPrintsTheHolderColumnAsKubeApiserverDoes() throws Exception {
        write("get.yaml", lease("shown", "replica-1"));
        assertOk(run("apply", "-f", dir.resolve("get.yaml").toString()));
        Result table = run("get", "lease", "shown");
        assertOk(table);
        List<String> lines = table.stdout.lines().toList();
        assertEquals(2, lines.size(), table.stdout);
        assertEquals(List.of("NAME", "HOLDER", "AGE"), List.of(lines.get(0).trim().split("\\s+")));
        String[] row = lines.get(1).trim().split("\\s+");
        assertEquals("shown", row[0]);
        assertEquals("replica-1", row[1]);
        assertTrue(AGE.matcher(row[2]).matches(), table.stdout);

        Result all = run("get", "leases", "-A");
        assertOk(all);
        assertTrue(all.stdout.startsWith("NAMESPACE"), all.stdout);
        assertTrue(all.stdout.contains("default") && all.stdout.contains("replica-1"), all.stdout);

        Result holder = run("get", "lease", "shown", "-o", "jsonpath={.spec.holderIdentity}");
        assertOk(holder);
        assertEquals("replica-1", holder.stdout);

        Result described = run("describe", "lease", "shown");
        assertOk(described);
        assertTrue(
                described.stdout.contains("Holder Identity:")
                        && described.stdout.contains("replica-1"),
                described.stdout);
    }

    @Test
    void watchShowsAReleaseAsAnEvent() throws Exception {
        write("watched.yaml", lease("watched", "replica-1"));
        assertOk(run("apply", "-f", dir.resolve("watched.yaml").toString()));
        Path watchErrors = dir.resolve("watch.stderr");
        Process watch = start(watchErrors, "get", "lease", "watched", "-w");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readLines(watch, lines), "kubectl-watch");
        reader.setDaemon(true);
        reader.start();
        try {
            assertEquals(
                    List.of("NAME", "HOLDER", "AGE"),
                    List.of(next(lines, watch).trim().split("\\s+")));
            assertEquals("watched replica-1", cells(next(lines, watch)));
            // A release, as client-go and the agent write it: the holder emptied.
            assertOk(
                    run(
                            "patch",
                            "lease",
                            "watched",
                            "--type=merge",
                            "-p",
                            "{\"spec\":{\"holderIdentity\":\"\"}}"));
            String[] released = next(lines, watch).trim().split("\\s+");
            assertEquals(2, released.length, String.join(" ", released));
            assertEquals("watched", released[0]);
            assertTrue(AGE.matcher(released[1]).matches(), String.join(" ", released));
            assertOk(
                    run(
                            "patch",
                            "lease",
                            "watched",
                            "--type=merge",
                            "-p",
                            "{\"spec\":{\"holderIdentity\":\"replica-2\"}}"));
            assertEquals("watched replica-2", cells(next(lines, watch)));
        } finally {
            watch.destroy();
            watch.waitFor(10, TimeUnit.SECONDS);
        }
        String errors = Files.readString(watchErrors);
        assertFalse(errors.contains("Unable to decode"), errors);
    }

    @Test
    void applyValidatesOnTheServerAndStrictRefusesUnknownFields() throws Exception {
        write(
                "strict.yaml",
                "apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: strict\n"
                        + "spec:\n  holderIdentity: a\n  bogus: 1\n");
        Result refused = run("apply", "-f", dir.resolve("strict.yaml").toString());
        assertEquals(1, refused.exit, refused.describe());
        assertTrue(
                refused.stderr.contains("strict decoding error: unknown field \"spec.bogus\""),
                refused.describe());
        assertFalse(
                refused.stderr.contains("openapi"),
                "client-side validation must not fail: " + refused.describe());

        Result warned =
                run("create", "--validate=warn", "-f", dir.resolve("strict.yaml").toString());
        assertOk(warned);
        assertTrue(warned.stderr.contains("unknown field \"spec.bogus\""), warned.describe());
        assertEquals(
                "{\"holderIdentity\":\"a\"}",
                run("get", "lease", "strict", "-o", "jsonpath={.spec}").stdout,
                "the unknown field is pruned");
        assertOk(run("delete", "lease", "strict"));
        assertTrue(run("get", "lease", "strict").stderr.contains("NotFound"));

        Result explain = run("explain", "lease.spec.holderIdentity");
        assertOk(explain);
        assertTrue(explain.stdout.contains("holderIdentity contains the identity"), explain.stdout);
        Result resources = run("api-resources");
        assertOk(resources);
        assertTrue(
                resources.stdout.contains("coordination.k8s.io/v1")
                        && resources.stdout.contains("Lease"),
                resources.stdout);
        assertFalse(resources.stderr.contains("received empty response"), resources.describe());
    }

    @Test
    void serverSideApplyTracksManagersConflictsAndForce() throws Exception {
        write("ssa-client.yaml", lease("ssa", "client-side"));
        assertOk(run("apply", "-f", dir.resolve("ssa-client.yaml").toString()));
        write(
                "ssa.yaml",
                "apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: ssa\n  labels:\n"
                        + "    team: ops\nspec:\n  holderIdentity: server-side\n");
        Result conflict =
                run(
                        "apply",
                        "--server-side",
                        "--field-manager=ops",
                        "-f",
                        dir.resolve("ssa.yaml").toString());
        assertEquals(1, conflict.exit, conflict.describe());
        assertTrue(
                conflict.stderr.contains(
                        "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\""
                                + " using coordination.k8s.io/v1: .spec.holderIdentity"),
                conflict.describe());
        assertEquals(
                "client-side",
                run("get", "lease", "ssa", "-o", "jsonpath={.spec.holderIdentity}").stdout);

        Result forced =
                run(
                        "apply",
                        "--server-side",
                        "--field-manager=ops",
                        "--force-conflicts",
                        "-f",
                        dir.resolve("ssa.yaml").toString());
        assertOk(forced);
        assertTrue(forced.stdout.contains("serverside-applied"), forced.describe());
        assertEquals(
                "server-side ops",
                run(
                                "get",
                                "lease",
                                "ssa",
                                "-o",
                                "jsonpath={.spec.holderIdentity} {.metadata.labels.team}")
                        .stdout);
        String managers =
                run(
                                "get",
                                "lease",
                                "ssa",
                                "--show-managed-fields",
                                "-o",
                                "jsonpath={range .metadata.managedFields[*]}{.manager}/{.operation} {end}")
                        .stdout;
        assertTrue(managers.contains("ops/Apply"), managers);

        // Dropping the label from the applied configuration removes it: ops owned it alone.
        write(
                "ssa.yaml",
                "apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: ssa\n"
                        + "spec:\n  holderIdentity: server-side\n");
        assertOk(
                run(
                        "apply",
                        "--server-side",
                        "--field-manager=ops",
                        "-f",
                        dir.resolve("ssa.yaml").toString()));
        assertEquals(
                "", run("get", "lease", "ssa", "-o", "jsonpath={.metadata.labels.team}").stdout);

        // A server-side apply creates a Lease that does not exist.
        write("ssa-new.yaml", lease("ssa-new", "first"));
        assertOk(run("apply", "--server-side", "-f", dir.resolve("ssa-new.yaml").toString()));
        assertEquals(
                "first",
                run("get", "lease", "ssa-new", "-o", "jsonpath={.spec.holderIdentity}").stdout);
    }

    /** NAME and HOLDER of a table row. */
    private static String cells(String row) {
        String[] cells = row.trim().split("\\s+");
        return cells[0] + " " + cells[1];
    }

    private static String lease(String name, String holder) {
        return "apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: "
                + name
                + "\n"
                + "spec:\n  holderIdentity: "
                + holder
                + "\n  leaseDurationSeconds: 15\n";
    }

    @Test
    void endpointSlicesAsTheLeaderServiceKeepsThem() throws Exception {
        write(
                "slice.yaml",
                """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: orders-leader
                  labels:
                    kubernetes.io/service-name: orders-leader
                    endpointslice.kubernetes.io/managed-by: leadergate.io
                addressType: IPv4
                ports:
                  - name: http
                    port: 8080
                endpoints:
                  - addresses: ["10.1.2.3"]
                    conditions:
                      ready: true
                """);
        // Client-side validation on: kubectl reads the discovery.k8s.io/v1 OpenAPI document.
        assertOk(run("apply", "-f", dir.resolve("slice.yaml").toString()));
        write(
                "bogus-slice.yaml",
                Files.readString(dir.resolve("slice.yaml"))
                        .replace("    port: 8080\n", "    port: 8080\n    bogus: 1\n"));
        Result strict = run("apply", "-f", dir.resolve("bogus-slice.yaml").toString());
        assertFalse(strict.exit == 0, strict.stdout);
        assertTrue(strict.stderr.contains("unknown field"), strict.stderr);
        Result explained = run("explain", "endpointslice.ports");
        assertOk(explained);
        assertTrue(explained.stdout.contains("EndpointPort"), explained.stdout);
        Result table = run("get", "endpointslices");
        assertOk(table);
        List<String> lines = table.stdout.lines().toList();
        assertEquals(
                List.of("NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"),
                List.of(lines.get(0).trim().split("\\s+")),
                table.stdout);
        String[] row = lines.get(1).trim().split("\\s+");
        assertEquals(
                List.of("orders-leader", "IPv4", "8080", "10.1.2.3"), List.of(row).subList(0, 4));

        Result byService =
                run(
                        "get",
                        "endpointslice",
                        "-l",
                        "kubernetes.io/service-name=orders-leader",
                        "-o",
                        "jsonpath={.items[0].endpoints[0].addresses[0]}:{.items[0].ports[0].port}");
        assertOk(byService);
        assertEquals("10.1.2.3:8080", byService.stdout);

        assertOk(
                run(
                        "patch",
                        "endpointslice",
                        "orders-leader",
                        "-p",
                        "{\"endpoints\":[{\"addresses\":[\"10.1.2.4\"]}]}"));
        Result patched =
                run(
                        "get",
                        "endpointslice",
                        "orders-leader",
                        "-o",
                        "jsonpath={.endpoints[*].addresses[*]}");
        assertOk(patched);
        assertEquals("10.1.2.4", patched.stdout);
        assertOk(run("delete", "endpointslice", "orders-leader"));
    }

    private static void write(String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), text);
    }

    private record Result(int exit, String stdout, String stderr, List<String> args) {
        String describe() {
            return "kubectl "
                    + String.join(" ", args)
                    + " -> "
                    + exit
                    + "\nstdout:\n"
                    + stdout
                    + "\nstderr:\n"
                    + stderr;
        }
    }

    private static void assertOk(Result result) {
        assertEquals(0, result.exit, result.describe());
    }

    private static Process start(String... args) throws IOException {
        return start(null, args);
    }

    /**
     * @param stderr where the process's stderr goes, or null for a pipe
     */
    private static Process start(Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(kubectl.toString());
        command.add("--kubeconfig=" + dir.resolve("kubeconfig"));
        command.add("--cache-dir=" + dir.resolve("cache"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("KUBECONFIG");
        if (stderr != null) {
            builder.redirectError(stderr.toFile());
        }
        return builder.start();
    }

    private static Result run(String... args) throws Exception {
        Process process = start(args);
        process.getOutputStream().close();
        var stdout = process.getInputStream().readAllBytes();
        var stderr = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(
                    "kubectl " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Result(
                process.exitValue(),
                new String(stdout, StandardCharsets.UTF_8),
                new String(stderr, StandardCharsets.UTF_8),
                List.of(args));
    }

    private static void readLines(Process process, BlockingQueue<String> lines) {
        try (BufferedReader reader =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException ended) {
            // the process was stopped
        }
    }

    private static String next(BlockingQueue<String> lines, Process watch)
            throws InterruptedException {
        String line = lines.poll(30, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError(
                    "kubectl get -w printed nothing for 30 s (alive: " + watch.isAlive() + ")");
        }
        return line;
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String entry : path.split(File.pathSeparator)) {
            Path candidate = Path.of(entry, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
