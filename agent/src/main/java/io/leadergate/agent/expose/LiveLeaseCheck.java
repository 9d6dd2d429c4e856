package io.leadergate.agent.expose;

import io.leadergate.agent.election.ElectionSettings;
import io.leadergate.agent.election.LeaseApiException;
import io.leadergate.agent.election.LeaseClient;
import io.leadergate.agent.election.LeaseSnapshot;
import io.leadergate.agent.log.AgentLog;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * {@code Leadership.verify()}: one GET of the Lease, on the caller's thread; true when it names
 * this replica. Uses the plain client, not the elector's observed one, so application checks
 * neither count as elector calls in metrics nor make a stuck elector look alive. Errors answer
 * false and are logged once per kind.
 */
final class LiveLeaseCheck implements BooleanSupplier {

    private final LeaseClient client;
    private final ElectionSettings settings;

    LiveLeaseCheck(LeaseClient client, ElectionSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    @Override
    public boolean getAsBoolean() {
        try {
            Optional<LeaseSnapshot> lease = client.get();
            return lease.isPresent() && lease.get().record().isHeldBy(settings.identity());
        } catch (LeaseApiException e) {
            AgentLog.once(
                    "expose.verify." + e.kind().label(),
                    AgentLog.Level.WARN,
                    "Leadership.verify() could not read lease "
                            + settings.leaseKey()
                            + " ("
                            + e.getMessage()
                            + "); it answers false while this lasts");
            return false;
        } catch (RuntimeException e) {
            AgentLog.once(
                    "expose.verify.unexpected",
                    AgentLog.Level.WARN,
                    "Leadership.verify() failed: " + e + "; it answers false");
            return false;
        }
    }
}
