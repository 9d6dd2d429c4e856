package io.leadergate.agent.election;

import java.util.Objects;

/**
 * One read of a Lease object: its {@link LeaseRecord}, the {@code resourceVersion} an UPDATE must
 * carry (optimistic concurrency: a stale version gets 409), and the whole object as JSON so an
 * UPDATE can preserve what the elector does not own (labels, annotations, ownerReferences, spec
 * fields newer than this code). Immutable.
 */
public final class LeaseSnapshot {

    private final LeaseRecord record;
    private final String resourceVersion;
    private final String objectJson;

    /**
     * @param resourceVersion nullable only for fakes
     * @param objectJson the full object as read, or null (fakes; {@link KubeLeaseClient} then
     *     writes a fresh object)
     */
    public LeaseSnapshot(LeaseRecord record, String resourceVersion, String objectJson) {
        this.record = Objects.requireNonNull(record, "record");
        this.resourceVersion = resourceVersion;
        this.objectJson = objectJson;
    }

    public LeaseRecord record() {
        return record;
    }

    public String resourceVersion() {
        return resourceVersion;
    }

    public String objectJson() {
        return objectJson;
    }

    @Override
    public String toString() {
        return "LeaseSnapshot{resourceVersion=" + resourceVersion + ", " + record + '}';
    }
}
