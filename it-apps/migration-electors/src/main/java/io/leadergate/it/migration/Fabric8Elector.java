package io.leadergate.it.migration;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;

/** fabric8's LeaderElector as its documentation sets it up, releasing on cancel. */
final class Fabric8Elector {

    private Fabric8Elector() {}

    /** Starts electing; the returned action stops the elector and releases the Lease. */
    static Runnable start(ElectorApp.Settings settings, WorkLoop work) throws IOException {
        Config config = Config.fromKubeconfig(Files.readString(settings.kubeconfig()));
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        LeaderElector elector =
                client.leaderElector()
                        .withConfig(
                                new LeaderElectionConfigBuilder()
                                        .withName(settings.leaseName())
                                        .withLock(
                                                new LeaseLock(
                                                        settings.namespace(),
                                                        settings.leaseName(),
                                                        settings.identity()))
                                        .withLeaseDuration(settings.leaseDuration())
                                        .withRenewDeadline(settings.renewDeadline())
                                        .withRetryPeriod(settings.retryPeriod())
                                        .withReleaseOnCancel(true)
                                        .withLeaderCallbacks(
                                                new LeaderCallbacks(
                                                        work::startedLeading,
                                                        work::stoppedLeading,
                                                        work::newLeader))
                                        .build())
                        .build();
        CompletableFuture<?> running = elector.start();
        return () -> {
            running.cancel(true);
            elector.release();
            client.close();
        };
    }
}
