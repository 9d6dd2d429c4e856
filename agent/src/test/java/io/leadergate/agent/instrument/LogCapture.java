package io.leadergate.agent.instrument;

import io.leadergate.agent.log.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Redirects {@link AgentLog} into memory for one test; {@link #close()} restores standard error.
 */
final class LogCapture implements AutoCloseable {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    LogCapture() {
        AgentLog.setOutput(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    }

    List<String> linesContaining(String text) {
        return Arrays.stream(buffer.toString(StandardCharsets.UTF_8).split("\n"))
                .filter(line -> line.contains(text))
                .collect(Collectors.toList());
    }

    @Override
    public void close() {
        AgentLog.setOutput(System.err);
    }
}
