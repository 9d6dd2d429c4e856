package io.leadergate.it.chaos;

import io.leadergate.it.Run;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The shared run log ({@code IT_RUN_LOG}) read incrementally: a long chaos run polls it every few
 * milliseconds, and re-reading a file of tens of thousands of lines each time would cost more CPU
 * than the replicas under test get.
 */
final class RunFeed {

    /** Lines of concurrent writers reach the file in end order give or take a scheduling delay. */
    private static final long ORDER_MARGIN_NANOS = 2_000_000_000L;

    private final Path file;
    private final List<Run> runs = new ArrayList<>(); // in the order lines were written (end order)
    private final ByteArrayOutputStream partialLine = new ByteArrayOutputStream();
    private long offset;

    RunFeed(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /**
     * Reads what has been appended since the last call; a line without its newline waits for the
     * next.
     */
    synchronized void refresh() {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            channel.position(offset);
            for (int n = channel.read(buffer); n > 0; n = channel.read(buffer)) {
                offset += n;
                buffer.flip();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b == '\n') {
                        String line = partialLine.toString(StandardCharsets.UTF_8);
                        partialLine.reset();
                        if (!line.isBlank()) {
                            runs.add(Run.parse(line));
                        }
                    } else {
                        partialLine.write(b);
                    }
                }
                buffer.clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read run log " + file, e);
        }
    }

    /**
     * The earliest-starting run that starts after {@code afterNanos} and matches, refreshed first.
     * Scans back from the newest line only as far as runs that ended before {@code afterNanos}: a
     * run line is written when the run ends, so older lines cannot start later (a margin covers
     * lines from different replicas landing slightly out of order).
     */
    synchronized Optional<Run> firstStartingAfter(long afterNanos, Predicate<Run> matching) {
        refresh();
        Run earliest = null;
        for (int i = runs.size() - 1; i >= 0; i--) {
            Run run = runs.get(i);
            if (run.endNanos() < afterNanos - ORDER_MARGIN_NANOS) {
                break;
            }
            if (run.startNanos() > afterNanos
                    && matching.test(run)
                    && (earliest == null || run.startNanos() < earliest.startNanos())) {
                earliest = run;
            }
        }
        return Optional.ofNullable(earliest);
    }

    /** Every run so far in start order, refreshed first. */
    synchronized List<Run> allByStart() {
        refresh();
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingLong(Run::startNanos));
        return sorted;
    }
}
