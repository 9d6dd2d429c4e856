package io.leadergate.bench;

import io.leadergate.LeaderOnly;

/**
 * Two methods with the same small body: {@link #gated()} carries {@code @LeaderOnly}, {@link
 * #plain()} does not. Without the agent both are plain methods, which makes {@code gated()} in a
 * fork without the agent the baseline for {@code gated()} in a fork with it.
 */
public final class GatedWork {

    private long total;

    @LeaderOnly
    public long gated(long amount) {
        total += amount;
        return total;
    }

    public long plain(long amount) {
        total += amount;
        return total;
    }
}
