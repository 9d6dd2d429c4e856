package io.leadergate.devserver;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One watch request: a 200 chunked response of newline-delimited {@code {"type","object"}} events,
 * as kube-apiserver streams for {@code ?watch=true}. It starts from the store's subscription
 * (synthetic ADDED, replay, or a single ERROR event then end), then forwards live events until its
 * timeout, {@link #end()}, or the client going away. Runs on the request's own thread.
 */
final class WatchStream {
    /**
     * @param fromVersion null for "current state first"
     * @param timeoutNanos how long the stream stays open ({@code timeoutSeconds})
     * @param bookmarkIntervalNanos how often a BOOKMARK is sent when bookmarks are allowed
     * @param initialEventsEnd send the {@code k8s.io/initial-events-end} bookmark after the initial
     *     state ({@code sendInitialEvents=true})
     */
    record Options(
            Long fromVersion,
            Predicate<JsonObject> filter,
            boolean bookmarks,
            long timeoutNanos,
            long bookmarkIntervalNanos,
            boolean initialEventsEnd) {
        /**
         * minRequestTimeout: a watch without timeoutSeconds lasts 30-60 min, as on a real server.
         */
        private static final long MIN_REQUEST_TIMEOUT_SECONDS = 1800;

        /** Reads resourceVersion, timeoutSeconds, allowWatchBookmarks and sendInitialEvents. */
        static Options fromQuery(
                Map<String, String> query,
                Predicate<JsonObject> filter,
                long bookmarkIntervalNanos) {
            String rv = query.get("resourceVersion");
            boolean initialEvents = "true".equals(query.get("sendInitialEvents"));
            // "" and "0" mean "any version": start with the current state, like an absent one.
            Long from =
                    rv == null || rv.isEmpty() || rv.equals("0") || initialEvents
                            ? null
                            : parseVersion(rv);
            long timeoutSeconds =
                    query.containsKey("timeoutSeconds")
                            ? parseTimeout(query.get("timeoutSeconds"))
                            : MIN_REQUEST_TIMEOUT_SECONDS
                                    + ThreadLocalRandom.current()
                                            .nextLong(MIN_REQUEST_TIMEOUT_SECONDS);
            String bookmarks = query.get("allowWatchBookmarks");
            return new Options(
                    from,
                    filter,
                    "true".equals(bookmarks) || "1".equals(bookmarks),
                    TimeUnit.SECONDS.toNanos(timeoutSeconds),
                    bookmarkIntervalNanos,
                    initialEvents);
        }

        private static long parseVersion(String rv) {
            try {
                return Long.parseUnsignedLong(rv);
            } catch (NumberFormatException e) {
                throw StatusBodies.badRequest("invalid resource version: " + rv);
            }
        }

        private static long parseTimeout(String value) {
            try {
                long seconds = Long.parseLong(value);
                if (seconds >= 0) {
                    return seconds;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw StatusBodies.badRequest("invalid timeoutSeconds: " + value);
        }
    }

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final String client;
    private final Options options;

    /** Table version to render objects in (kubectl get -w), or null for the objects themselves. */
    private final String tableVersion;

    private final String includeObject;
    private final ServedKind kind;
    private boolean columnsSent;
    private long seenVersion;

    WatchStream(String client, Options options) {
        this(ServedKind.LEASES, client, options, null, null);
    }

    WatchStream(
            ServedKind kind,
            String client,
            Options options,
            String tableVersion,
            String includeObject) {
        this.kind = kind;
        this.client = client;
        this.options = options;
        this.tableVersion = tableVersion;
        this.includeObject = includeObject;
    }

    String client() {
        return client;
    }

    /** Asks the stream to finish its response; safe from any thread. */
    void end() {
        queue.offer(END);
    }

    void serve(HttpExchange exchange, LeaseStore store, OpenWatches open) throws IOException {
        LeaseStore.Subscription subscription = store.subscribe(options.fromVersion(), queue::offer);
        open.add(this);
        HttpReplies.setHeaders(exchange);
        if (tableVersion != null) {
            exchange.getResponseHeaders().set("Content-Type", Tables.contentType(tableVersion));
        }
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            if (subscription.errorStatus() != null) {
                // Like the watch cache: the request itself succeeds, the stream carries one ERROR.
                write(out, "ERROR", subscription.errorStatus());
                return;
            }
            for (LeaseStore.Event event : subscription.initial()) {
                forward(out, event);
            }
            seenVersion = subscription.startVersion();
            if (options.initialEventsEnd()) {
                JsonObject bookmark = bookmark();
                JsonObject annotations = new JsonObject();
                annotations.addProperty("k8s.io/initial-events-end", "true");
                bookmark.getAsJsonObject("metadata").add("annotations", annotations);
                write(out, "BOOKMARK", bookmark);
            }
            stream(out, Math.min(options.timeoutNanos(), open.lifetimeNanos(client)));
        } catch (IOException clientGone) {
            // The client closed the connection; nothing to answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            subscription.cancel().run();
            open.remove(this);
            exchange.close();
        }
    }

    /** Forwards live events for {@code lifetimeNanos}, then a last BOOKMARK if asked for. */
    private void stream(OutputStream out, long lifetimeNanos)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + lifetimeNanos;
        long nextBookmark = System.nanoTime() + options.bookmarkIntervalNanos();
        while (true) {
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                if (options.bookmarks()) {
                    write(
                            out,
                            "BOOKMARK",
                            bookmark()); // lets the client resume from here after the timeout
                }
                return;
            }
            long wake =
                    options.bookmarks() && nextBookmark - deadline < 0 ? nextBookmark : deadline;
            Object item = queue.poll(Math.max(0, wake - now), TimeUnit.NANOSECONDS);
            if (item == END) {
                return;
            }
            if (item instanceof LeaseStore.Event event) {
                forward(out, event);
                seenVersion = event.resourceVersion();
            } else if (options.bookmarks() && System.nanoTime() - nextBookmark >= 0) {
                write(out, "BOOKMARK", bookmark());
                nextBookmark = System.nanoTime() + options.bookmarkIntervalNanos();
            }
        }
    }

    /** Applies the filter the way the watch cache does, turning selector exits into DELETED. */
    private void forward(OutputStream out, LeaseStore.Event event) throws IOException {
        Predicate<JsonObject> filter = options.filter();
        boolean matches = filter.test(event.object());
        boolean matched = event.previous() != null && filter.test(event.previous());
        switch (event.type()) {
            case "ADDED" -> {
                if (matches) {
                    write(out, "ADDED", event.object());
                }
            }
            case "DELETED" -> {
                if (matches) {
                    write(out, "DELETED", event.object());
                }
            }
            default -> {
                if (matches) {
                    write(out, matched ? "MODIFIED" : "ADDED", event.object());
                } else if (matched) {
                    JsonObject gone = event.previous().deepCopy();
                    gone.getAsJsonObject("metadata")
                            .addProperty("resourceVersion", Long.toString(event.resourceVersion()));
                    write(out, "DELETED", gone);
                }
            }
        }
    }

    /** The object of a BOOKMARK: an empty object carrying only the resourceVersion reached. */
    private JsonObject bookmark() {
        JsonObject lease = new JsonObject();
        lease.addProperty("kind", kind.kind);
        lease.addProperty("apiVersion", kind.apiVersion());
        JsonObject metadata = new JsonObject();
        metadata.addProperty("resourceVersion", Long.toString(seenVersion));
        metadata.add("creationTimestamp", JsonNull.INSTANCE);
        lease.add("metadata", metadata);
        if (kind == ServedKind.LEASES) {
            lease.add("spec", new JsonObject());
        }
        return lease;
    }

    private void write(OutputStream out, String type, JsonObject object) throws IOException {
        JsonObject event = new JsonObject();
        event.addProperty("type", type);
        boolean leaseEvent =
                type.equals("ADDED") || type.equals("MODIFIED") || type.equals("DELETED");
        if (tableVersion != null && leaseEvent) {
            // As the apiserver's watch: column definitions with the first row only.
            event.add(
                    "object",
                    Tables.ofObject(kind, object, tableVersion, includeObject, !columnsSent));
            columnsSent = true;
        } else {
            event.add("object", object);
        }
        String line = HttpReplies.GSON.toJson(event) + "\n";
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.flush(); // one chunk per event, so clients see it now
    }
}
