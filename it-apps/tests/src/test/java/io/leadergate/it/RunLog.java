package io.leadergate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The file all replicas of one test append their executed runs to ({@code IT_RUN_LOG}), read back
 * as {@link Run}s: who ran when, and whether two replicas ever ran at the same time.
 */
public final class RunLog {

    /**
     * Runs of one replica closer than this belong to one uninterrupted term in {@link #describe()}.
     */
    private static final long SAME_TERM_GAP_NANOS = 500_000_000L;

    private final Path file;

    public RunLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * All complete lines so far, in start order. A line still being written (no newline yet) is
     * skipped.
     */
    public List<Run> runs() {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Run> runs = new ArrayList<>();
        int lineStart = 0;
        for (int newline = text.indexOf('\n');
                newline >= 0;
                newline = text.indexOf('\n', lineStart)) {
            String line = text.substring(lineStart, newline);
            if (!line.isBlank()) {
                runs.add(Run.parse(line));
            }
            lineStart = newline + 1;
        }
        runs.sort(Comparator.comparingLong(Run::startNanos));
        return runs;
    }

    /** The earliest-starting run that matches, if any has been recorded yet. */
    Optional<Run> first(Predicate<Run> matching) {
        return runs().stream().filter(matching).findFirst();
    }

    /** The latest-starting run that matches. */
    Optional<Run> last(Predicate<Run> matching) {
        return runs().stream().filter(matching).reduce((a, b) -> b);
    }

    /**
     * Every pair of runs by different replicas whose intervals intersect; must always be empty when
     * gated.
     */
    List<String> overlaps() {
        return overlaps(runs());
    }

    public static List<String> overlaps(List<Run> runsInStartOrder) {
        List<String> found = new ArrayList<>();
        List<Run> active = new ArrayList<>();
        for (Run run : runsInStartOrder) {
            active.removeIf(earlier -> earlier.endNanos() <= run.startNanos());
            for (Run earlier : active) {
                if (!earlier.replicaId().equals(run.replicaId())) {
                    found.add(earlier + " overlaps " + run);
                }
            }
            active.add(run);
        }
        return found;
    }

    /** Who ran when, relative to the first run: one line per uninterrupted term of a replica. */
    public String describe() {
        List<Run> runs = runs();
        if (runs.isEmpty()) {
            return "run log " + file + ": no runs recorded";
        }
        long origin = runs.get(0).startNanos();
        StringBuilder out =
                new StringBuilder(
                        "run log "
                                + file
                                + " ("
                                + runs.size()
                                + " runs, times from the first run):");
        Run termStart = runs.get(0);
        Run termEnd = termStart;
        int count = 1;
        for (Run run : runs.subList(1, runs.size())) {
            if (run.replicaId().equals(termStart.replicaId())
                    && run.startNanos() - termEnd.endNanos() < SAME_TERM_GAP_NANOS) {
                termEnd = run;
                count++;
                continue;
            }
            appendTerm(out, origin, termStart, termEnd, count);
            termStart = run;
            termEnd = run;
            count = 1;
        }
        appendTerm(out, origin, termStart, termEnd, count);
        return out.toString();
    }

    private static void appendTerm(StringBuilder out, long origin, Run from, Run to, int count) {
        out.append(
                String.format(
                        "%n  %-12s %8.3f s .. %8.3f s  (%d runs)",
                        from.replicaId(),
                        seconds(from.startNanos() - origin),
                        seconds(to.endNanos() - origin),
                        count));
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
