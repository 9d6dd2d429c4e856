package io.leadergate.it.plain;

/**
 * Human-readable progress on stdout, one line per change: {@code replica-2: running leader-only
 * work}.
 */
final class StatusLine {

    private final String replicaId;

    StatusLine(String replicaId) {
        this.replicaId = replicaId;
    }

    void print(String what) {
        System.out.println(replicaId + ": " + what);
        System.out.flush();
    }
}
