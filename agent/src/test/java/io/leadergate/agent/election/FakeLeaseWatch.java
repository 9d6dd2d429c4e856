package io.leadergate.agent.election;

import io.leadergate.testsupport.Await;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches a test scripts: records the resourceVersion of every open, refuses opens on demand, and
 * delivers to the open stream exactly the events, ends and breaks the test {@link #emit}s.
 */
final class FakeLeaseWatch implements LeaseWatchSource {

    private static final Object END = new Object();
    private static final Object BREAK = new Object();

    /** The resourceVersion of every open, in order ("" = from now). */
    final List<String> opens = new CopyOnWriteArrayList<>();

    /** Thrown by every open while set. */
    volatile LeaseApiException refuse;

    /** Thrown by close() while set, after ending the stream (okio's "Unbalanced enter/exit"). */
    volatile RuntimeException failOnClose;

    private volatile BlockingQueue<Object> current;

    /** Events emitted, and events the watcher has taken and handled (posted) so far. */
    private final AtomicInteger emitted = new AtomicInteger();

    private final AtomicInteger taken = new AtomicInteger();
    private volatile int handled;

    @Override
    public LeaseWatchStream open(String resourceVersion) throws LeaseApiException {
        LeaseApiException refusal = refuse;
        if (refusal != null) {
            opens.add(resourceVersion);
            throw refusal;
        }
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        current = queue;
        // Recorded only once the stream is current: a test that saw this open and then ends or
        // feeds "the stream opened last" must reach this one, not the one before.
        opens.add(resourceVersion);
        return new LeaseWatchStream() {
            @Override
            public WatchEvent next() throws LeaseApiException {
                handled = taken.get(); // back for more: whatever it took before is posted
                Object item;
                try {
                    item = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw LeaseApiException.ofTransport(
                            "fake watch", new IOException("interrupted"));
                }
                if (item == END) {
                    queue.offer(END); // stays ended
                    return null;
                }
                if (item == BREAK) {
                    throw LeaseApiException.ofTransport(
                            "fake watch", new IOException("connection reset (fake)"));
                }
                taken.incrementAndGet();
                return (WatchEvent) item;
            }

            @Override
            public void close() {
                queue.offer(END);
                RuntimeException failure = failOnClose;
                if (failure != null) {
                    throw failure;
                }
            }
        };
    }

    /** Delivers {@code event} on the stream opened last (waits up to 10 s for one to be open). */
    void emit(WatchEvent event) {
        emitted.incrementAndGet();
        openStream().offer(event);
    }

    /**
     * True once the watcher has handled every event emitted so far: it is back reading the stream,
     * so each one has reached the elector's inbox.
     */
    boolean handledAll() {
        return handled >= emitted.get();
    }

    /** A MODIFIED event carrying the fake server's current Lease. */
    void emitCurrent(FakeLeaseClient api) {
        emit(WatchEvent.change(WatchEvent.Type.MODIFIED, api.current()));
    }

    /** The server ends the stream normally (its timeoutSeconds passed). */
    void endStream() {
        openStream().offer(END);
    }

    /** The connection breaks mid-stream. */
    void breakStream() {
        openStream().offer(BREAK);
    }

    private BlockingQueue<Object> openStream() {
        Await.until("a watch to be opened", Duration.ofSeconds(10), () -> current != null);
        return current;
    }
}
