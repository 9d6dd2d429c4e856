package io.leadergate.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool from a Debian package that some tests drive (promtool, prometheus). Missing
 * on a developer's machine: those tests are skipped, saying what to install. Missing in CI ({@code
 * CI=true}): they fail, because scripts/test.sh should have installed it.
 */
record ExternalTool(Path path) {

    /** The tool on the PATH, or the test is skipped (fails under CI=true) naming the package. */
    static ExternalTool require(String name, String debianPackage) {
        String pathVariable = System.getenv("PATH");
        if (pathVariable != null) {
            for (String dir : pathVariable.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return new ExternalTool(candidate);
                }
            }
        }
        String message =
                name
                        + " is not on the PATH: install Debian's "
                        + debianPackage
                        + " package (scripts/test.sh"
                        + " installs it when run as root, as CI does)";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
        return null;
    }

    /** Exit status and output (stdout then stderr) of one run that gets {@code stdin}. */
    record Result(int exit, String output) {}

    Result run(String stdin, Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(path.toString());
        command.addAll(List.of(args));
        try {
            // Not in workDir: that may be a source directory (docs/kubernetes).
            Path out = Files.createTempFile(path.getFileName() + "-", ".out");
            out.toFile().deleteOnExit();
            Process process =
                    new ProcessBuilder(command)
                            .directory(workDir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(out.toFile())
                            .start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
            }
            String output = Files.readString(out);
            Files.deleteIfExists(out);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Starts a long-running process, its output going to {@code log}. */
    Process start(Path log, String... args) {
        List<String> command = new ArrayList<>();
        command.add(path.toString());
        command.addAll(List.of(args));
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
