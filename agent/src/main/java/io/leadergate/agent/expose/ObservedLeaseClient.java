package io.leadergate.agent.expose;

import io.leadergate.agent.election.LeaseApiException;
import io.leadergate.agent.election.LeaseClient;
import io.leadergate.agent.election.LeaseRecord;
import io.leadergate.agent.election.LeaseSnapshot;
import io.leadergate.agent.expose.LeaseCallListener.Call;
import io.leadergate.agent.log.AgentLog;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The elector's {@link LeaseClient}, timed and classified for metrics and liveness: a decorator, so
 * the election's state machine needs no hooks. What a call was (acquire, renew, release) is read
 * from its arguments; a renew whose base object came from the latest GET is the slow path.
 */
final class ObservedLeaseClient implements LeaseClient {

    private final LeaseClient delegate;
    private final String identity;
    private final List<LeaseCallListener> listeners;
    private final LongSupplier nanoClock;

    /** The object the latest GET returned; a renew based on it took the slow path. */
    private volatile LeaseSnapshot lastRead;

    ObservedLeaseClient(
            LeaseClient delegate,
            String identity,
            List<LeaseCallListener> listeners,
            LongSupplier nanoClock) {
        this.delegate = delegate;
        this.identity = identity;
        this.listeners = List.copyOf(listeners);
        this.nanoClock = nanoClock;
    }

    @Override
    public Optional<LeaseSnapshot> get() throws LeaseApiException {
        long start = nanoClock.getAsLong();
        try {
            Optional<LeaseSnapshot> read = delegate.get();
            lastRead = read.orElse(null);
            report(Call.GET, start, null);
            return read;
        } catch (LeaseApiException e) {
            report(Call.GET, start, e.kind());
            throw e;
        }
    }

    @Override
    public LeaseSnapshot create(LeaseRecord record) throws LeaseApiException {
        long start = nanoClock.getAsLong();
        try {
            LeaseSnapshot created = delegate.create(record);
            report(Call.CREATE, start, null);
            return created;
        } catch (LeaseApiException e) {
            report(Call.CREATE, start, e.kind());
            throw e;
        }
    }

    @Override
    public LeaseSnapshot update(LeaseSnapshot base, LeaseRecord next) throws LeaseApiException {
        Call call = classify(base, next);
        if (call == Call.RENEW && base == lastRead) {
            for (LeaseCallListener listener : listeners) {
                try {
                    listener.onSlowPath();
                } catch (RuntimeException e) {
                    listenerFailed(listener, e);
                }
            }
        }
        long start = nanoClock.getAsLong();
        try {
            LeaseSnapshot written = delegate.update(base, next);
            report(call, start, null);
            return written;
        } catch (LeaseApiException e) {
            report(call, start, e.kind());
            throw e;
        }
    }

    private Call classify(LeaseSnapshot base, LeaseRecord next) {
        if (!next.isHeldBy(identity)) {
            return Call.RELEASE;
        }
        return base.record().isHeldBy(identity) ? Call.RENEW : Call.ACQUIRE;
    }

    private void report(Call call, long startNanos, LeaseApiException.Kind error) {
        long nanos = nanoClock.getAsLong() - startNanos;
        for (LeaseCallListener listener : listeners) {
            try {
                listener.onCall(call, nanos, error);
            } catch (RuntimeException e) {
                listenerFailed(listener, e);
            }
        }
    }

    /** Observation must never cost the election a turn: logged once, then ignored. */
    private static void listenerFailed(LeaseCallListener listener, RuntimeException e) {
        AgentLog.once(
                "expose.call-listener." + listener.getClass().getName(),
                AgentLog.Level.WARN,
                "observing Lease API calls failed in " + listener.getClass().getName() + ": " + e);
    }
}
