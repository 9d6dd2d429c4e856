package io.leadergate.it.clashing;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The file named by {@code IT_RUN_LOG}: one {@code replicaId startNanos endNanos} line per executed
 * run, written with one append-mode write so lines from several processes never interleave.
 */
final class RunLogFile {

    private final String replicaId;
    private final FileOutputStream out; // null: no run log requested

    private RunLogFile(String replicaId, FileOutputStream out) {
        this.replicaId = replicaId;
        this.out = out;
    }

    static RunLogFile fromEnvironment() throws IOException {
        String replicaId =
                System.getenv()
                        .getOrDefault("IT_REPLICA_ID", "clashing-" + ProcessHandle.current().pid());
        String path = System.getenv("IT_RUN_LOG");
        return new RunLogFile(
                replicaId,
                path == null || path.isBlank() ? null : new FileOutputStream(path, true));
    }

    String replicaId() {
        return replicaId;
    }

    synchronized void append(long startNanos, long endNanos) {
        if (out == null) {
            return;
        }
        try {
            out.write(
                    (replicaId + ' ' + startNanos + ' ' + endNanos + '\n')
                            .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
