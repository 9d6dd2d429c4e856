package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overlap detector the multi-JVM tests rely on, on hand-made logs. */
class RunLogTest {

    @TempDir Path dir;

    @Test
    void handOversWithoutOverlapAreClean() throws IOException {
        RunLog log = logOf("a 0 20\na 70 90\nb 90 110\nb 160 180\n");
        assertTrue(log.overlaps().isEmpty(), log.overlaps().toString());
        assertEquals(4, log.runs().size());
    }

    @Test
    void overlapWithAnyEarlierStillRunningRunIsFound() throws IOException {
        // b overlaps a's long run even though a's later short run ended before b started.
        RunLog log = logOf("a 0 1000\na 10 20\nb 500 510\n");
        assertEquals(
                List.of(
                        "Run[replicaId=a, startNanos=0, endNanos=1000] overlaps Run[replicaId=b, startNanos=500, endNanos=510]"),
                log.overlaps());
    }

    @Test
    void runsAreOrderedByStartWhateverTheWriteOrder() throws IOException {
        RunLog log = logOf("b 50 60\na 0 55\n");
        assertEquals("a", log.runs().get(0).replicaId());
        assertEquals(1, log.overlaps().size());
    }

    @Test
    void aLineStillBeingWrittenIsIgnored() throws IOException {
        RunLog log = logOf("a 0 20\nb 30 4");
        assertEquals(1, log.runs().size());
    }

    @Test
    void describeShowsOneLinePerTerm() throws IOException {
        RunLog log = logOf("a 0 20\na 70000000 90000000\nb 2000000000 2000000020\n");
        String description = log.describe();
        assertTrue(
                description.contains("a               0.000 s ..    0.090 s  (2 runs)"),
                description);
        assertTrue(
                description.contains("b               2.000 s ..    2.000 s  (1 runs)"),
                description);
    }

    private RunLog logOf(String content) throws IOException {
        Path file = dir.resolve("runs.log");
        Files.writeString(file, content);
        return new RunLog(file);
    }
}
