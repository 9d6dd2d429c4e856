package io.leadergate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Where child processes of a test write their output ({@code target/it-logs/<Class>/<method>/}),
 * and, when a test fails, a dump of those files plus the class-level ones (the dev server's) to the
 * test's output, so a failure on CI explains itself.
 */
public final class ProcessLogs implements BeforeAllCallback, BeforeEachCallback, TestWatcher {

    private static final int MAX_CHARS_PER_FILE = 20_000;

    private Path classDir;
    private Path testDir;

    /** The directory for processes started in {@code @BeforeAll}. */
    public Path classDir() {
        return classDir;
    }

    /** The directory for processes started by the current test. */
    public Path testDir() {
        return testDir;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        classDir = ItConfig.logsDir().resolve(context.getRequiredTestClass().getSimpleName());
        Files.createDirectories(classDir);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        testDir = classDir.resolve(context.getRequiredTestMethod().getName());
        if (Files.exists(testDir)) {
            // Deepest first: a test may leave directories behind (an app copy, a data dir).
            try (Stream<Path> old = Files.walk(testDir)) {
                for (Path file : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    if (!file.equals(testDir)) {
                        Files.delete(file);
                    }
                }
            }
        }
        Files.createDirectories(testDir);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        StringBuilder dump =
                new StringBuilder(
                        "\n===== process output of failed test "
                                + context.getDisplayName()
                                + " =====");
        for (Path dir : new Path[] {testDir, classDir}) {
            for (Path file : filesIn(dir)) {
                dump.append("\n----- ").append(file).append(" -----\n").append(tail(file));
            }
        }
        System.out.println(dump.append("\n===== end of process output =====").toString());
    }

    private static List<Path> filesIn(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tail(Path file) {
        return tail(file, MAX_CHARS_PER_FILE);
    }

    public static String tail(Path file, int maxChars) {
        String text = read(file).orElse("(unreadable)");
        return text.length() <= maxChars
                ? text
                : "... ("
                        + (text.length() - maxChars)
                        + " chars cut)\n"
                        + text.substring(text.length() - maxChars);
    }

    static Optional<String> read(Path file) {
        try {
            // Lenient decoding: a half-written multi-byte character must not hide the rest of the
            // log.
            return Files.exists(file)
                    ? Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8))
                    : Optional.of("");
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
