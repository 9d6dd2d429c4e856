package io.leadergate.agent.packaging;

import static org.junit.jupiter.api.Assertions.fail;

import io.leadergate.LeaderOnly;
import io.leadergate.testsupport.Await;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@link GatedApp} in its own JVM with {@code -javaagent:<the shaded jar>}; output goes to files,
 * read on demand.
 */
final class AgentProcess {

    static final Duration EXIT_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private AgentProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * The names of the JVM's threads now, as Linux shows them ({@code /proc/PID/task/*\/comm}: the
     * JVM names each native thread after its Java thread, cut to 15 characters).
     */
    List<String> threadNames() throws IOException {
        List<String> names = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> tasks =
                java.nio.file.Files.list(Path.of("/proc", String.valueOf(process.pid()), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    names.add(java.nio.file.Files.readString(task.resolve("comm")).trim());
                } catch (java.nio.file.NoSuchFileException ended) {
                    // the thread ended meanwhile
                }
            }
        }
        return names;
    }

    /**
     * Starts {@code java <jvmArgs> -cp <test classes + annotations> GatedApp <appArgs>} without
     * inherited LEADERGATE_* variables.
     */
    static AgentProcess start(
            Path java, List<String> jvmArgs, Map<String, String> env, String... appArgs)
            throws IOException {
        return start(java, jvmArgs, env, GatedApp.class, appArgs);
    }

    /**
     * {@code java <jvmArgs> -cp <jar> <main> <appArgs>}: a class path CDS can archive (jars only).
     */
    static AgentProcess startJar(
            Path java,
            List<String> jvmArgs,
            Map<String, String> env,
            Path jar,
            Class<?> main,
            String... appArgs)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(jar.toString());
        command.add(main.getName());
        command.addAll(Arrays.asList(appArgs));
        return run(command, env);
    }

    /** As above, with another main class from the test classes. */
    static AgentProcess start(
            Path java,
            List<String> jvmArgs,
            Map<String, String> env,
            Class<?> main,
            String... appArgs)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(codeSource(main) + File.pathSeparator + codeSource(LeaderOnly.class));
        command.add(main.getName());
        command.addAll(Arrays.asList(appArgs));
        return run(command, env);
    }

    private static AgentProcess run(List<String> command, Map<String, String> env)
            throws IOException {
        Path out = Files.createTempFile("gated-app-", ".out");
        Path err = Files.createTempFile("gated-app-", ".err");
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
        builder.environment()
                .keySet()
                .removeIf(
                        name -> name.startsWith("LEADERGATE_") || name.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().putAll(env);
        return new AgentProcess(builder.start(), out, err);
    }

    static String agentFlag() {
        return "-javaagent:" + AgentJar.path();
    }

    String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    long stderrLines(Predicate<String> matching) {
        try {
            return stderr().lines().filter(matching).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until standard error has a line {@code matching}, or fails with what it has. */
    void awaitStderr(Predicate<String> matching, Duration timeout)
            throws IOException, InterruptedException {
        Await.until(
                "a matching line on stderr",
                timeout,
                () -> !process.isAlive() || stderrLines(matching) > 0,
                this::output);
        if (stderrLines(matching) == 0) {
            fail("the JVM exited without the expected line on stderr; " + output());
        }
    }

    /** Both streams as they are now, for a failure message. */
    private String output() {
        try {
            return "stderr:\n" + stderr() + "\nstdout:\n" + stdout();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void tell(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /**
     * Waits for the JVM to exit by itself and returns its exit code; kills it and fails after the
     * timeout.
     */
    int awaitExit() throws IOException, InterruptedException {
        if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("JVM did not exit within " + EXIT_TIMEOUT + "; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    private static String codeSource(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
