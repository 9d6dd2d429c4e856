package io.leadergate.devserver;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The objects of one {@link ServedKind} (Leases; EndpointSlices in a store of their own), one
 * resourceVersion counter and a bounded event history, like etcd behind the apiserver's watch
 * cache.
 *
 * <p>Invariants: every write takes the next resourceVersion (so versions are unique and strictly
 * increasing across all namespaces); the history holds exactly the events with resourceVersion in
 * {@code (floor, resourceVersion]}; stored and published objects are never mutated (callers get
 * copies). All methods are thread-safe; subscribers are called under the lock and must not block.
 */
final class LeaseStore {
    /** Default number of events kept for watch resumption. */
    static final int DEFAULT_HISTORY = 1000;

    record Key(String namespace, String name) {
        static final Comparator<Key> ORDER =
                Comparator.comparing(Key::namespace).thenComparing(Key::name);
    }

    /**
     * A watch event; objects are shared and must be treated as read-only. {@code previous} is the
     * state before a MODIFIED or DELETED (null for ADDED), so a filtered watch can turn a change
     * that leaves or enters its selector into DELETED or ADDED, as the watch cache does.
     */
    record Event(String type, JsonObject object, JsonObject previous, long resourceVersion) {}

    /** The state a data file holds. */
    record Snapshot(long resourceVersion, List<JsonObject> leases) {}

    /**
     * Outcome of {@link #subscribe}: the events to send first and the resourceVersion they bring
     * the watcher to, or the Status explaining why the watch cannot start.
     */
    record Subscription(
            List<Event> initial, long startVersion, JsonObject errorStatus, Runnable cancel) {
        static Subscription failed(JsonObject status) {
            return new Subscription(List.of(), 0, status, () -> {});
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<Key, JsonObject> objects = new TreeMap<>(Key.ORDER);
    private final ArrayDeque<Event> history = new ArrayDeque<>();
    private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();
    private final ServedKind kind;
    private final int historyCapacity;
    private final Consumer<Snapshot> onChange;
    private long resourceVersion;
    private long floor;

    /**
     * @param initial state to start from (an empty store starts at resourceVersion 1, like etcd)
     * @param onChange called under the lock after every write with the new state, e.g. to persist;
     *     null when nobody needs it
     */
    LeaseStore(Snapshot initial, int historyCapacity, Consumer<Snapshot> onChange) {
        this(ServedKind.LEASES, initial, historyCapacity, onChange);
    }

    /** A store of {@code kind}'s objects; see {@link #LeaseStore(Snapshot, int, Consumer)}. */
    LeaseStore(
            ServedKind kind, Snapshot initial, int historyCapacity, Consumer<Snapshot> onChange) {
        this.kind = kind;
        this.historyCapacity = historyCapacity;
        this.onChange = onChange;
        this.resourceVersion = Math.max(1, initial.resourceVersion());
        this.floor = resourceVersion; // history before a (re)start is gone
        for (JsonObject lease : initial.leases()) {
            objects.put(LeaseJson.key(lease), lease.deepCopy());
        }
    }

    long resourceVersion() {
        lock.lock();
        try {
            return resourceVersion;
        } finally {
            lock.unlock();
        }
    }

    /** A copy of the stored lease, or null. */
    JsonObject get(Key key) {
        lock.lock();
        try {
            JsonObject lease = objects.get(key);
            return lease == null ? null : lease.deepCopy();
        } finally {
            lock.unlock();
        }
    }

    /** Copies of all leases in {@code namespace} (all namespaces when null) and the list RV. */
    Snapshot list(String namespace) {
        lock.lock();
        try {
            List<JsonObject> items = new ArrayList<>();
            for (Map.Entry<Key, JsonObject> entry : objects.entrySet()) {
                if (namespace == null || namespace.equals(entry.getKey().namespace())) {
                    items.add(entry.getValue().deepCopy());
                }
            }
            return new Snapshot(resourceVersion, items);
        } finally {
            lock.unlock();
        }
    }

    /** Stores a new lease, setting uid, resourceVersion and creationTimestamp. */
    JsonObject create(JsonObject lease) {
        Key key = LeaseJson.key(lease);
        lock.lock();
        try {
            if (objects.containsKey(key)) {
                throw StatusBodies.alreadyExists(kind, key.name());
            }
            JsonObject stored = lease.deepCopy();
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            LeaseJson.setServerFields(stored, UUID.randomUUID().toString(), now, ++resourceVersion);
            return commit(key, stored, null);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces a lease with {@code change.apply(copyOfCurrent)}, atomically with respect to other
     * writers (the apiserver's GuaranteedUpdate). The change may throw a StatusException (e.g. a
     * resourceVersion conflict); uid and creationTimestamp are kept from the stored object.
     */
    JsonObject update(Key key, UnaryOperator<JsonObject> change) {
        lock.lock();
        try {
            JsonObject current = objects.get(key);
            if (current == null) {
                throw StatusBodies.notFound(kind, key.name());
            }
            JsonObject desired = change.apply(current.deepCopy());
            JsonObject currentMeta = current.getAsJsonObject("metadata");
            LeaseJson.setServerFields(
                    desired,
                    currentMeta.get("uid").getAsString(),
                    currentMeta.get("creationTimestamp").getAsString(),
                    ++resourceVersion);
            return commit(key, desired, current);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes a lease after {@code precondition} accepted a copy of it (it throws to refuse).
     *
     * @return the deleted object, carrying the deletion's resourceVersion as the DELETED event does
     */
    JsonObject delete(Key key, Consumer<JsonObject> precondition) {
        lock.lock();
        try {
            JsonObject current = objects.get(key);
            if (current == null) {
                throw StatusBodies.notFound(kind, key.name());
            }
            precondition.accept(current.deepCopy());
            objects.remove(key);
            JsonObject tombstone = current.deepCopy();
            tombstone
                    .getAsJsonObject("metadata")
                    .addProperty("resourceVersion", Long.toString(++resourceVersion));
            publish(new Event("DELETED", tombstone, current, resourceVersion));
            return tombstone.deepCopy();
        } finally {
            lock.unlock();
        }
    }

    /** Forgets all history: any watch resuming from an earlier resourceVersion gets 410. */
    void compact() {
        lock.lock();
        try {
            history.clear();
            floor = resourceVersion;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Registers {@code subscriber} for live events and returns, atomically, the events that precede
     * them. {@code fromVersion} null means "current state": a synthetic ADDED per matching lease.
     * Otherwise the retained events after {@code fromVersion}; waits up to 3 s (as the watch cache
     * does) for a version not yet reached.
     */
    Subscription subscribe(Long fromVersion, Consumer<Event> subscriber) {
        lock.lock();
        try {
            List<Event> initial = new ArrayList<>();
            if (fromVersion == null) {
                for (JsonObject lease : objects.values()) {
                    initial.add(new Event("ADDED", lease, null, LeaseJson.resourceVersion(lease)));
                }
            } else {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (fromVersion > resourceVersion && deadline - System.nanoTime() > 0) {
                    changed.awaitNanos(deadline - System.nanoTime());
                }
                if (fromVersion > resourceVersion) {
                    return Subscription.failed(
                            StatusBodies.tooLargeResourceVersion(fromVersion, resourceVersion));
                }
                if (fromVersion < floor) {
                    return Subscription.failed(StatusBodies.expired(fromVersion, floor));
                }
                for (Event event : history) {
                    if (event.resourceVersion() > fromVersion) {
                        initial.add(event);
                    }
                }
            }
            subscribers.add(subscriber);
            return new Subscription(
                    initial, resourceVersion, null, () -> subscribers.remove(subscriber));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Subscription.failed(
                    StatusBodies.body(500, "InternalError", "interrupted", null));
        } finally {
            lock.unlock();
        }
    }

    ServedKind kind() {
        return kind;
    }

    Snapshot snapshot() {
        return list(null);
    }

    private JsonObject commit(Key key, JsonObject stored, JsonObject previous) {
        objects.put(key, stored);
        publish(
                new Event(
                        previous == null ? "ADDED" : "MODIFIED",
                        stored,
                        previous,
                        resourceVersion));
        return stored.deepCopy();
    }

    private void publish(Event event) {
        history.addLast(event);
        while (history.size() > historyCapacity) {
            floor = history.removeFirst().resourceVersion();
        }
        for (Consumer<Event> subscriber : subscribers) {
            subscriber.accept(event);
        }
        changed.signalAll();
        if (onChange != null) {
            onChange.accept(snapshot());
        }
    }
}
