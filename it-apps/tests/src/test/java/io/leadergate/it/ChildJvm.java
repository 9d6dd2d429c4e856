package io.leadergate.it;

import io.leadergate.testsupport.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM started by a test, its stdout and stderr going to {@code <name>.out} / {@code <name>.err}
 * (files, not pipes: nothing has to drain them, and they survive for the failure dump).
 */
public final class ChildJvm implements AutoCloseable {

    /** Variables a developer's shell might carry that would configure the child behind our back. */
    private static final List<String> INHERITED_CONFIG =
            List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildJvm(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code command} with exactly {@code env} on top of a scrubbed copy of the test's
     * environment.
     */
    public static ChildJvm start(
            String name, List<String> command, Map<String, String> env, Path logDir) {
        Path stdout = logDir.resolve(name + ".out");
        Path stderr = logDir.resolve(name + ".err");
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment()
                .keySet()
                .removeIf(
                        key ->
                                key.startsWith("LEADERGATE_")
                                        || key.startsWith("IT_")
                                        || INHERITED_CONFIG.contains(key));
        builder.environment().putAll(env);
        try {
            Files.writeString(
                    logDir.resolve(name + ".cmd"), String.join(" ", command) + "\n" + env + "\n");
            return new ChildJvm(name, builder.start(), stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /**
     * The command of a small replica JVM ({@link ItConfig#replicaJava()}, serial GC, C1 only) that
     * runs {@code main} from the test classes with {@code jvmFlags} (for example the {@code
     * -javaagent}) and {@code args}.
     */
    public static List<String> testClassCommand(
            List<String> jvmFlags, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ItConfig.replicaJava().toString());
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(jvmFlags);
        command.add("-cp");
        try {
            command.add(
                    Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI())
                            .toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM: the JVM runs its shutdown hooks (the agent releases its lease there). */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: no shutdown hooks, no release; the lease must expire. */
    public void kill() {
        process.destroyForcibly();
    }

    /** Waits for exit and returns the exit code (143 after SIGTERM, 137 after SIGKILL). */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(
                        name
                                + " (pid "
                                + pid()
                                + ") still running after "
                                + timeout.toMillis()
                                + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + name, e);
        }
        return process.exitValue();
    }

    public String stdout() {
        return ProcessLogs.read(stdout).orElse("");
    }

    public String stderr() {
        return ProcessLogs.read(stderr).orElse("");
    }

    /**
     * Waits until stdout has a line matching {@code pattern}; returns the match. Fails early if the
     * JVM dies.
     */
    public Matcher awaitStdoutLine(Pattern pattern, Duration timeout) {
        return awaitLine("stdout", this::stdout, pattern, timeout);
    }

    /**
     * Waits until stderr (where the agent logs) has a line matching {@code pattern}. Fails early if
     * the JVM dies.
     */
    public Matcher awaitStderrLine(Pattern pattern, Duration timeout) {
        return awaitLine("stderr", this::stderr, pattern, timeout);
    }

    private Matcher awaitLine(
            String stream,
            java.util.function.Supplier<String> output,
            Pattern pattern,
            Duration timeout) {
        return Await.value(
                name + " to print a line matching /" + pattern + "/ on " + stream,
                timeout,
                () -> {
                    Matcher matcher = pattern.matcher(output.get());
                    if (matcher.find()) {
                        return Optional.of(matcher);
                    }
                    if (!isAlive()) {
                        throw new AssertionError(
                                name
                                        + " exited with "
                                        + process.exitValue()
                                        + " before printing /"
                                        + pattern
                                        + "/ on "
                                        + stream
                                        + "\n"
                                        + describe());
                    }
                    return Optional.empty();
                },
                this::describe);
    }

    /**
     * Status and the end of both outputs; the full files are dumped by {@link ProcessLogs} on
     * failure.
     */
    public String describe() {
        return "--- "
                + name
                + " (pid "
                + pid()
                + (isAlive() ? ", running" : ", exited " + process.exitValue())
                + ") stdout:\n"
                + ProcessLogs.tail(stdout, 3000)
                + "\n--- "
                + name
                + " stderr:\n"
                + ProcessLogs.tail(stderr, 3000);
    }

    /** Never leaves a process behind: SIGKILL if still running, then wait for it to be gone. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
