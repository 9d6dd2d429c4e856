package io.leadergate.agent.election;

/**
 * One event of a Lease watch stream ({@code {"type": ..., "object": ...}}), already parsed.
 * Immutable.
 */
final class WatchEvent {

    enum Type {
        ADDED,
        MODIFIED,
        DELETED,
        BOOKMARK,
        ERROR
    }

    private final Type type;
    private final LeaseSnapshot snapshot;
    private final String resourceVersion;
    private final int errorCode;
    private final String errorMessage;

    private WatchEvent(
            Type type,
            LeaseSnapshot snapshot,
            String resourceVersion,
            int errorCode,
            String errorMessage) {
        this.type = type;
        this.snapshot = snapshot;
        this.resourceVersion = resourceVersion;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
    }

    /** ADDED, MODIFIED or DELETED of the watched Lease. */
    static WatchEvent change(Type type, LeaseSnapshot snapshot) {
        return new WatchEvent(type, snapshot, snapshot.resourceVersion(), 0, null);
    }

    /** A BOOKMARK: no change, only the resourceVersion the stream has reached. */
    static WatchEvent bookmark(String resourceVersion) {
        return new WatchEvent(Type.BOOKMARK, null, resourceVersion, 0, null);
    }

    /** An ERROR event carrying a Status, e.g. 410 Gone when the resume version is too old. */
    static WatchEvent error(int code, String message) {
        return new WatchEvent(Type.ERROR, null, null, code, message);
    }

    Type type() {
        return type;
    }

    /** The Lease as of this event; null for BOOKMARK and ERROR. */
    LeaseSnapshot snapshot() {
        return snapshot;
    }

    /** Where a resumed watch starts; null for ERROR (and when the server sent none). */
    String resourceVersion() {
        return resourceVersion;
    }

    /** The Status code of an ERROR event (410 = the resume version is gone); 0 otherwise. */
    int errorCode() {
        return errorCode;
    }

    String errorMessage() {
        return errorMessage;
    }

    @Override
    public String toString() {
        return type == Type.ERROR
                ? "ERROR " + errorCode + " " + errorMessage
                : type
                        + " rv="
                        + resourceVersion
                        + (snapshot == null ? "" : " " + snapshot.record());
    }
}
