package io.leadergate.agent.election;

import io.leadergate.agent.log.AgentLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Fans events out to listeners; one listener's exception reaches neither the others nor the elector. */
final class LeadershipListeners {

    private final List<LeadershipListener> listeners = new CopyOnWriteArrayList<>();

    void add(LeadershipListener listener) {
        listeners.add(listener);
    }

    void startedLeading(LeadershipState state) {
        each("onStartedLeading", l -> l.onStartedLeading(state));
    }

    void stoppedLeading(LeadershipState state) {
        each("onStoppedLeading", l -> l.onStoppedLeading(state));
    }

    void newLeader(String identity) {
        each("onNewLeader", l -> l.onNewLeader(identity));
    }

    private void each(String event, Consumer<LeadershipListener> call) {
        for (LeadershipListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (Throwable t) {
                // Once per listener and event: a listener that always throws must not flood the log.
                AgentLog.once("election.listener." + listener.getClass().getName() + "." + event,
                        AgentLog.Level.WARN,
                        "leadership listener " + listener.getClass().getName() + "." + event + " failed: " + t);
            }
        }
    }
}
