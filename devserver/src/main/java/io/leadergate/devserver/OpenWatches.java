package io.leadergate.devserver;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The watch streams currently open, so a fault or a shutdown can end them, and how long a new one
 * may stay open (a fault plan can shorten it).
 */
final class OpenWatches {
    private final Set<WatchStream> streams = ConcurrentHashMap.newKeySet();
    private volatile ToLongFunction<String> lifetimes = client -> Long.MAX_VALUE;

    /**
     * Set once by {@link Faults}: client name → longest lifetime of a watch it opens now, nanos.
     */
    void limitLifetimesBy(ToLongFunction<String> lifetimes) {
        this.lifetimes = lifetimes;
    }

    /** How long a watch {@code client} opens now may stay open, nanos; MAX_VALUE: unlimited. */
    long lifetimeNanos(String client) {
        return lifetimes.applyAsLong(client);
    }

    void add(WatchStream stream) {
        streams.add(stream);
    }

    void remove(WatchStream stream) {
        streams.remove(stream);
    }

    /** Ends the streams of clients matching {@code clients}; returns how many were ended. */
    int drop(Predicate<String> clients) {
        int dropped = 0;
        for (WatchStream stream : streams) {
            if (clients.test(stream.client())) {
                stream.end();
                dropped++;
            }
        }
        return dropped;
    }

    int size() {
        return streams.size();
    }
}
