package io.leadergate.agent.election;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real {@link LeaseClient} that counts the elector's calls, so a test can wait for N attempts.
 */
final class CountingLeaseClient implements LeaseClient {

    private final LeaseClient delegate;
    private final AtomicInteger calls = new AtomicInteger();

    CountingLeaseClient(LeaseClient delegate) {
        this.delegate = delegate;
    }

    int calls() {
        return calls.get();
    }

    @Override
    public Optional<LeaseSnapshot> get() throws LeaseApiException {
        calls.incrementAndGet();
        return delegate.get();
    }

    @Override
    public LeaseSnapshot create(LeaseRecord record) throws LeaseApiException {
        calls.incrementAndGet();
        return delegate.create(record);
    }

    @Override
    public LeaseSnapshot update(LeaseSnapshot base, LeaseRecord next) throws LeaseApiException {
        calls.incrementAndGet();
        return delegate.update(base, next);
    }
}
