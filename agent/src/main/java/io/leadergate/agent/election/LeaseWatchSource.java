package io.leadergate.agent.election;

/**
 * Opens watches on the one Lease of a {@link LeaseClient} ({@code fieldSelector=metadata.name=…}).
 * {@link KubeLeaseWatch} in production; unit tests fake it. {@link #NONE}: no watch, the elector
 * polls.
 */
public interface LeaseWatchSource {

    /**
     * Starts a watch after {@code resourceVersion} (events strictly newer than it).
     *
     * @throws LeaseApiException when the server refuses the watch (HTTP status of the refusal, e.g.
     *     403 without the {@code watch} verb) or cannot be reached
     */
    LeaseWatchStream open(String resourceVersion) throws LeaseApiException;

    /**
     * No watch ({@code leadergate.watch=false}): the elector polls, a GET every jittered retry
     * period. Never opened.
     */
    LeaseWatchSource NONE =
            resourceVersion -> {
                throw new IllegalStateException("polling: no watch to open");
            };
}
