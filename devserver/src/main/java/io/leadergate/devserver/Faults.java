package io.leadergate.devserver;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The fault plan in force, applied to each Lease API request before it is handled. Thread-safe;
 * {@link #set} and {@link #clear} release requests held by a {@code hang} plan.
 */
public final class Faults {
    private final OpenWatches watches;
    private FaultPlan plan = FaultPlan.none();
    private int errorsLeft;
    private long generation;
    private boolean stopped;

    Faults(OpenWatches watches) {
        this.watches = watches;
        watches.limitLifetimesBy(this::watchLifetimeNanos);
    }

    /** Replaces the plan in force (and resets its error budget). */
    public synchronized void set(FaultPlan next) {
        plan = next;
        errorsLeft = next.errorCount();
        generation++;
        notifyAll();
    }

    public void clear() {
        set(FaultPlan.none());
    }

    public synchronized FaultPlan current() {
        return plan;
    }

    /**
     * Ends the open watch streams of {@code clients} (all clients when none are given), as an
     * apiserver restart or a load balancer would.
     *
     * @return how many streams were ended
     */
    public int dropWatches(String... clients) {
        List<String> names = Arrays.asList(clients);
        return watches.drop(client -> names.isEmpty() || names.contains(client));
    }

    /**
     * How long a watch {@code client} opens now may stay open, nanos ({@link
     * FaultPlan#watchCloseMinMillis}); {@code Long.MAX_VALUE}: as it asked.
     */
    synchronized long watchLifetimeNanos(String client) {
        return plan.watchLifetimeNanos(client);
    }

    /** Releases hung requests for good: the server is stopping. */
    synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    /**
     * Applies the plan to one request: sleeps for the latency, holds a hung request, then throws
     * the refusal or the injected error if the plan says so.
     *
     * @param kind the kind addressed (null for non-resource paths), which the refusal names
     * @param verb the RBAC verb (get, list, watch, create, update, patch, delete,
     *     deletecollection), which with the namespace and name words the refusal's message
     */
    void beforeRequest(
            Auth.Identity identity, ServedKind kind, String verb, String namespace, String name)
            throws InterruptedException {
        FaultPlan applied;
        synchronized (this) {
            applied = plan;
        }
        if (!applied.affects(identity.client())) {
            return;
        }
        if (applied.latencyMillis() > 0) {
            TimeUnit.MILLISECONDS.sleep(applied.latencyMillis());
        }
        synchronized (this) {
            if (plan.hang() && plan.affects(identity.client())) {
                long held = generation;
                while (held == generation && !stopped) {
                    wait();
                }
                if (stopped) {
                    throw new InterruptedException("server stopping");
                }
            }
            if (plan.refuse() && plan.affects(identity.client())) {
                throw StatusBodies.forbidden(
                        kind == null ? ServedKind.LEASES : kind,
                        identity.user(namespace),
                        verb,
                        namespace,
                        name);
            }
            if (plan.errorCode() != 0 && plan.affects(identity.client()) && errorsLeft != 0) {
                if (errorsLeft > 0) {
                    errorsLeft--;
                }
                throw StatusBodies.injected(plan.errorCode(), plan.retryAfterSeconds());
            }
        }
    }
}
