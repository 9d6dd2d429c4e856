package io.leadergate.agent.config;

/** A value together with where it came from, e.g. {@code team-a} "from POD_NAMESPACE". */
final class Derived<T> {

    final T value;

    /**
     * Completes "namespace ...": {@code from POD_NAMESPACE}, {@code set by system property
     * leadergate.lease.namespace}.
     */
    final String origin;

    Derived(T value, String origin) {
        this.value = value;
        this.origin = origin;
    }
}
