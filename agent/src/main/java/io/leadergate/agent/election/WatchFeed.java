package io.leadergate.agent.election;

import java.util.Collections;
import java.util.List;

/**
 * What the elector gets from watching its Lease: the observations of the {@link LeaseWatcher}
 * thread and whether it may rely on them ({@link #isLive()}), plus the pause between turns that an
 * observation cuts short. {@link #polling()} is the feed of an elector that does not watch ({@code
 * leadergate.watch=false}): never live, nothing observed, plain pauses.
 */
final class WatchFeed {

    private final WatchInbox inbox;

    /** Null when polling. */
    private final LeaseWatcher watcher;

    private volatile Thread thread;

    private WatchFeed(WatchInbox inbox, LeaseWatcher watcher) {
        this.inbox = inbox;
        this.watcher = watcher;
    }

    static WatchFeed polling() {
        return new WatchFeed(new WatchInbox(), null);
    }

    static WatchFeed watching(
            ElectionSettings settings,
            LeaseClient client,
            LeaseWatchSource source,
            MonotonicClock clock) {
        WatchInbox inbox = new WatchInbox();
        return new WatchFeed(inbox, new LeaseWatcher(settings, client, source, clock, inbox));
    }

    /** True while the watch is open: contenders wait for events instead of polling. */
    boolean isLive() {
        return watcher != null && watcher.isLive();
    }

    /** True once the watch was refused or found unsupported: polling for good. */
    boolean isUnavailable() {
        return watcher != null && watcher.isUnavailable();
    }

    /** Set before {@link #start()}: sees every observation on the watch thread first. */
    void observeWith(WatchInbox.Observer observer) {
        inbox.observeWith(observer);
    }

    /** Observations waiting for the elector's next turn. */
    int pending() {
        return inbox.pending();
    }

    /** Everything observed since the last call, oldest first. Elector thread. */
    List<WatchInbox.Observation> drain() {
        return watcher == null ? Collections.emptyList() : inbox.drain();
    }

    /**
     * The elector's pause: {@code nanos} on {@code clock}; with {@code wakeOnChange}, cut short by
     * any observation.
     */
    void pause(MonotonicClock clock, long nanos, boolean wakeOnChange) {
        inbox.pause(clock, nanos, wakeOnChange);
    }

    /** Starts the watch thread (no-op when polling or already started). */
    synchronized void start() {
        if (watcher == null || thread != null) {
            return;
        }
        Thread t = new Thread(watcher, "leadergate-watch");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Ends the watch and its thread; idempotent. */
    synchronized void stop() {
        if (watcher == null) {
            return;
        }
        watcher.stop();
        if (thread != null) {
            thread.interrupt();
        }
    }
}
