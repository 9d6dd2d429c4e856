package io.leadergate.it.spring;

/**
 * {@code IT_REPLICA_ID}, else the pid: the name this replica gives itself in the run log and
 * output.
 */
final class ReplicaId {

    private ReplicaId() {}

    static String current() {
        String id = System.getenv("IT_REPLICA_ID");
        return id == null || id.isBlank() ? "pid-" + ProcessHandle.current().pid() : id;
    }
}
