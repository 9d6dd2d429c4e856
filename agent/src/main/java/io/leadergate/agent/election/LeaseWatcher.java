package io.leadergate.agent.election;

import io.leadergate.agent.log.AgentLog;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The watch thread ({@code leadergate-watch}): an informer for one Lease. It lists (GET) the Lease,
 * watches from that resourceVersion, and posts every state it sees to the {@link WatchInbox} with
 * the local monotonic time of receipt. A stream that ends is resumed from the last resourceVersion
 * (bookmarks included); a 410 Gone (the version left the server's history), whether refusing the
 * open or as an ERROR event inside a stream, is answered by listing again. It decides nothing about
 * leadership.
 *
 * <p>{@link #isLive()} tells the elector whether it may rely on the watch instead of polling: true
 * while a stream is open. A failed open makes it false (the elector polls meanwhile) and is retried
 * with backoff. A watch the server refuses for good — 403 (RBAC without {@code watch}), 400, 405,
 * 406, 415, 501 (no HTTP streaming watch, e.g. WebSocket only), or {@value
 * #QUICK_BREAKS_TO_GIVE_UP} streams in a row that end at once with nothing in them — is given up
 * with one warning; the elector then polls, client-go style, for the life of the JVM.
 */
final class LeaseWatcher implements Runnable {

    /**
     * Consecutive empty streams shorter than {@link #QUICK_BREAK_NANOS} after which watching is
     * given up.
     */
    static final int QUICK_BREAKS_TO_GIVE_UP = 3;

    private static final long QUICK_BREAK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ElectionSettings settings;
    private final LeaseClient client;
    private final LeaseWatchSource source;
    private final MonotonicClock clock;
    private final WatchInbox inbox;

    private volatile boolean live;
    private volatile boolean unavailable;
    private volatile boolean stopped;
    private volatile LeaseWatchStream current;

    /** Where the next watch starts; null: list first. Watch thread only. */
    private String resourceVersion;

    private int failures;
    private int quickBreaks;

    LeaseWatcher(
            ElectionSettings settings,
            LeaseClient client,
            LeaseWatchSource source,
            MonotonicClock clock,
            WatchInbox inbox) {
        this.settings = settings;
        this.client = client;
        this.source = source;
        this.clock = clock;
        this.inbox = inbox;
    }

    /** True while a watch stream is open: the elector may wait for events instead of polling. */
    boolean isLive() {
        return live && !stopped;
    }

    /** Any thread: ends the current stream and the thread. */
    void stop() {
        stopped = true;
        live = false;
        LeaseWatchStream stream = current;
        if (stream != null) {
            stream.close();
        }
    }

    @Override
    public void run() {
        while (!stopped && !unavailable) {
            try {
                if (resourceVersion == null) {
                    list();
                }
                watchOnce();
            } catch (LeaseApiException e) {
                if (stopped) {
                    return;
                }
                failed(e);
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                failed(new LeaseApiException(0, LeaseApiException.Kind.OTHER, e.toString(), e));
            }
        }
    }

    /**
     * GET: the current state, and the resourceVersion to watch from ("" when there is no Lease:
     * from now).
     */
    private void list() throws LeaseApiException {
        Optional<LeaseSnapshot> now = client.get();
        long receivedAt = clock.nanoTime();
        inbox.post(now.orElse(null), receivedAt);
        String rv = now.map(LeaseSnapshot::resourceVersion).orElse(null);
        resourceVersion = rv == null ? "" : rv;
    }

    private void watchOnce() throws LeaseApiException {
        LeaseWatchStream stream = source.open(resourceVersion);
        long openedAt = clock.nanoTime();
        boolean anyEvent = false;
        WatchEvent error = null;
        current = stream;
        if (stopped) {
            stream.close();
            return;
        }
        live = true;
        failures = 0;
        try {
            WatchEvent event;
            while (error == null && (event = stream.next()) != null) {
                anyEvent = true;
                error = apply(event);
            }
        } catch (LeaseApiException broken) {
            if (stopped) {
                return;
            }
            AgentLog.debug(
                    "watch of lease "
                            + settings.leaseKey()
                            + " broke, resuming: "
                            + broken.getMessage());
        } finally {
            current = null;
            stream.close();
        }
        if (error != null && error.errorCode() != 410) {
            throw LeaseApiException.ofStatus(
                    error.errorCode(),
                    "watch of lease "
                            + settings.leaseKey()
                            + " ended with an error (HTTP "
                            + error.errorCode()
                            + "): "
                            + error.errorMessage());
        }
        endedAfter(clock.nanoTime() - openedAt, anyEvent);
    }

    /**
     * Posts one event's state and advances the resume point; returns the event if it is an ERROR.
     */
    private WatchEvent apply(WatchEvent event) {
        switch (event.type()) {
            case ADDED:
            case MODIFIED:
                inbox.post(event.snapshot(), clock.nanoTime());
                break;
            case DELETED:
                inbox.post(null, clock.nanoTime());
                break;
            case ERROR:
                // 410 Gone: the version left the server's history; anything else: start over too.
                resourceVersion = null;
                AgentLog.debug(
                        "watch of lease "
                                + settings.leaseKey()
                                + " ended: "
                                + event
                                + "; listing again");
                return event;
            default:
                break; // BOOKMARK: only its resourceVersion matters
        }
        if (event.resourceVersion() != null && !event.resourceVersion().isEmpty()) {
            resourceVersion = event.resourceVersion();
        }
        return null;
    }

    /**
     * A stream ended without an error event: resume at once, unless streams keep ending at once.
     */
    private void endedAfter(long openNanos, boolean anyEvent) {
        if (stopped || resourceVersion == null) {
            return;
        }
        if (anyEvent || openNanos >= QUICK_BREAK_NANOS) {
            quickBreaks = 0;
            return;
        }
        live = false;
        if (++quickBreaks >= QUICK_BREAKS_TO_GIVE_UP) {
            giveUp(
                    "every watch stream ends as soon as it opens ("
                            + quickBreaks
                            + " in a row); "
                            + "a proxy between this pod and the API server may not pass streaming responses");
            return;
        }
        inbox.wake();
        backoff(quickBreaks);
    }

    private void failed(LeaseApiException e) {
        live = false;
        if (e.code() == 410) {
            // Refused with 410 Gone on open: the version left the server's history. Resuming from
            // it
            // would be refused forever; list again, as for an ERROR 410 inside a stream.
            resourceVersion = null;
        }
        if (refusedForGood(e.code())) {
            giveUp(
                    e.code() == 403
                            ? "forbidden (HTTP 403). Fix: grant watch on leases in API group coordination.k8s.io, namespace "
                                    + settings.namespace()
                                    + ", to this pod's service account; see docs/kubernetes/rbac.yaml ("
                                    + e.getMessage()
                                    + ")"
                            : "the API server does not serve HTTP streaming watches (HTTP "
                                    + e.code()
                                    + "): "
                                    + e.getMessage());
            return;
        }
        AgentLog.debug(
                "watch of lease " + settings.leaseKey() + " failed, retrying: " + e.getMessage());
        inbox.wake();
        failures++;
        sleep(
                e.isPushback()
                        ? settings.pushbackNanos(failures, e.retryAfterSeconds(), false)
                        : settings.backoffNanos(failures));
    }

    private static boolean refusedForGood(int code) {
        return code == 403
                || code == 400
                || code == 405
                || code == 406
                || code == 415
                || code == 501;
    }

    private void giveUp(String why) {
        live = false;
        AgentLog.warn(
                "cannot watch lease "
                        + settings.leaseKey()
                        + ": "
                        + why
                        + ". Electing by polling instead "
                        + "(one GET per retry period, "
                        + settings.retryPeriod().toMillis()
                        + " ms); handover after a "
                        + "release waits up to one retry period");
        unavailable = true;
        inbox.wake();
    }

    private void backoff(int attempt) {
        sleep(settings.backoffNanos(attempt));
    }

    private void sleep(long nanos) {
        try {
            clock.sleepNanos(nanos);
        } catch (InterruptedException e) {
            // stop() interrupts; the loop condition ends the thread.
        }
    }
}
