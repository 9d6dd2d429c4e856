package io.leadergate.devserver;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** The watch streams currently open, so a fault or a shutdown can end them. */
final class OpenWatches {
    private final Set<WatchStream> streams = ConcurrentHashMap.newKeySet();

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
