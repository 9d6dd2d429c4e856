package io.leadergate.it.chaos;

import io.leadergate.testsupport.Await;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * SIGSTOP and SIGCONT for replicas ({@link ProcessHandle} offers only TERM and KILL).
 *
 * <p>One long-lived {@code /bin/sh} reads {@code kill} commands from a pipe, so a signal leaves
 * within a fraction of a millisecond instead of after a fork and exec: the pause fault aims its
 * SIGSTOP between two gated runs, which are 50 ms apart.
 */
final class Signals implements AutoCloseable {

    private static final Duration STOP_CONFIRMATION = Duration.ofSeconds(10);

    private final Process shell;
    private final OutputStream commands;

    private Signals(Process shell) {
        this.shell = shell;
        this.commands = shell.getOutputStream();
    }

    static Signals start() {
        try {
            return new Signals(
                    new ProcessBuilder("/bin/sh")
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectError(ProcessBuilder.Redirect.INHERIT)
                            .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start /bin/sh for kill -STOP/-CONT", e);
        }
    }

    /**
     * Sends SIGSTOP and returns once the kernel reports the process stopped ({@code T} in /proc).
     */
    void stop(long pid) {
        send("kill -STOP " + pid);
        Await.until(
                "pid " + pid + " to be stopped",
                STOP_CONFIRMATION,
                () -> isStopped(pid),
                () -> state(pid));
    }

    void resume(long pid) {
        send("kill -CONT " + pid);
    }

    private void send(String command) {
        try {
            commands.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("signal shell is gone: " + command, e);
        }
    }

    static boolean isStopped(long pid) {
        return state(pid).equals("T");
    }

    /**
     * The state letter from {@code /proc/<pid>/stat}: after the command name, which may contain
     * spaces.
     */
    private static String state(long pid) {
        Optional<String> stat;
        try {
            stat = Optional.of(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException gone) {
            stat = Optional.empty();
        }
        return stat.map(
                        text ->
                                text.substring(
                                        text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3))
                .orElse("gone");
    }

    @Override
    public void close() {
        try {
            commands.close(); // EOF: the shell exits
        } catch (IOException ignored) {
            // destroyed below anyway
        }
        shell.destroyForcibly();
    }
}
