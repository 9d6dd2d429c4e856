package io.leadergate.agent.election;

import io.leadergate.agent.log.AgentLog;
import java.util.List;
import java.util.function.Consumer;

/**
 * What one elector decided, told at the moment it decides it: the one source that metrics, logs,
 * health and JMX read, so none of them infers from API calls what the elector meant. An elector has
 * one {@code ElectionEvents}, built for its Lease (the Lease a listener is about is the one it was
 * built with; {@link LeadershipState#leaseKey()} names it too), so several electors in one JVM each
 * tell their own.
 *
 * <p>Called on the elector thread, in order, except {@link #onCall} for the release (the release
 * thread) and {@link #onStoppedLeading} from {@link LeaseElector#stop()} (the stopping thread).
 * Keep them short: a slow listener delays the next renew (the gate stays safe: it closes on its own
 * deadline). Every event about the gate comes after the gate moved. An exception thrown by a
 * listener of {@link #all} is logged once and reaches neither the others nor the elector.
 */
public interface ElectionEvents {

    /** What an API call was for, as the elector sent it. */
    enum Call {
        /** GET: a contender's look, a leader's slow path, the watch's list. */
        GET,
        /** CREATE of a missing Lease, naming us: a new term. */
        CREATE,
        /** UPDATE that makes us the holder of a Lease we did not hold: a new term. */
        ACQUIRE,
        /** UPDATE by the holder that keeps it the holder. */
        RENEW,
        /** UPDATE that frees the Lease (holder {@code ""}), the last write of a term. */
        RELEASE
    }

    /**
     * One Lease API call ended.
     *
     * @param nanos its round trip, monotonic nanos on the elector's clock
     * @param error null when it succeeded (a GET of a missing Lease succeeds)
     */
    default void onCall(Call call, long nanos, LeaseApiException.Kind error) {}

    /** A term began: a create or acquire named us; the gate is already open. */
    default void onStartedLeading(LeadershipState state) {}

    /**
     * A renewal extended the term (and the gate). {@code slowPath}: the renew on our own last write
     * failed and this one had to GET the Lease first (client-go's slow path).
     */
    default void onRenewed(boolean slowPath) {}

    /**
     * The term ended; the gate is already closed. Only after {@link #onStartedLeading}, unlike
     * client-go.
     *
     * @param why for the log: the renew deadline passed, another holder, the watch showed a delete,
     *     "stepped down", "stopped"
     */
    default void onStoppedLeading(LeadershipState state, String why) {}

    /** Our release landed: from now another replica may acquire at once. */
    default void onReleased() {}

    /** The observed holder changed to {@code identity} (non-empty; may be this replica). */
    default void onNewLeader(String identity) {}

    /**
     * A turn ended and its state is published; the elector pauses next. Not a decision: a tick, at
     * least once per lease duration (every retry period while leading or polling), for a reader
     * that waits for something outside the election (the platform MBeanServer to exist).
     */
    default void onTurnEnded() {}

    /** The null object: nobody listens. */
    ElectionEvents NONE = new ElectionEvents() {};

    /** Tells each of {@code listeners} in turn; a listener's failure reaches no one else. */
    static ElectionEvents all(List<ElectionEvents> listeners) {
        List<ElectionEvents> all = List.copyOf(listeners);
        return new ElectionEvents() {
            @Override
            public void onCall(Call call, long nanos, LeaseApiException.Kind error) {
                each(all, "onCall", l -> l.onCall(call, nanos, error));
            }

            @Override
            public void onStartedLeading(LeadershipState state) {
                each(all, "onStartedLeading", l -> l.onStartedLeading(state));
            }

            @Override
            public void onRenewed(boolean slowPath) {
                each(all, "onRenewed", l -> l.onRenewed(slowPath));
            }

            @Override
            public void onStoppedLeading(LeadershipState state, String why) {
                each(all, "onStoppedLeading", l -> l.onStoppedLeading(state, why));
            }

            @Override
            public void onReleased() {
                each(all, "onReleased", ElectionEvents::onReleased);
            }

            @Override
            public void onNewLeader(String identity) {
                each(all, "onNewLeader", l -> l.onNewLeader(identity));
            }

            @Override
            public void onTurnEnded() {
                each(all, "onTurnEnded", ElectionEvents::onTurnEnded);
            }
        };
    }

    /**
     * Calls {@code event} on each listener; one's failure is logged once per listener and event.
     */
    private static void each(
            List<ElectionEvents> listeners, String event, Consumer<ElectionEvents> call) {
        for (ElectionEvents listener : listeners) {
            try {
                call.accept(listener);
            } catch (Throwable t) {
                String name = listener.getClass().getName();
                AgentLog.once(
                        "election.listener." + name + "." + event,
                        AgentLog.Level.WARN,
                        "election listener " + name + "." + event + " failed: " + t);
            }
        }
    }
}
