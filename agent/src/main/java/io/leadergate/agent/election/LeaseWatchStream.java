package io.leadergate.agent.election;

/** An open watch: events in resourceVersion order until the server ends it. One reader thread. */
interface LeaseWatchStream extends AutoCloseable {

    /**
     * Blocks for the next event; null when the server ended the stream normally (its {@code
     * timeoutSeconds} passed).
     *
     * @throws LeaseApiException the connection broke or a line was not a watch event
     */
    WatchEvent next() throws LeaseApiException;

    /** Ends the stream; safe from any thread, also while {@link #next()} blocks; idempotent. */
    @Override
    void close();
}
