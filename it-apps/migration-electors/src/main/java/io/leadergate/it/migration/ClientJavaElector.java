package io.leadergate.it.migration;

import io.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.kubernetes.client.extended.leaderelection.LeaderElector;
import io.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;

/** client-java-extended's LeaderElector as its README sets it up; close() releases the Lease. */
final class ClientJavaElector {

    private ClientJavaElector() {}

    /** Starts electing on its own thread; the returned action closes the elector (releasing). */
    static Runnable start(ElectorApp.Settings settings, WorkLoop work) throws IOException {
        ApiClient api;
        try (Reader kubeconfig = Files.newBufferedReader(settings.kubeconfig())) {
            api = ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(kubeconfig)).build();
        }
        LeaseLock lock =
                new LeaseLock(settings.namespace(), settings.leaseName(), settings.identity(), api);
        LeaderElector elector =
                new LeaderElector(
                        new LeaderElectionConfig(
                                lock,
                                settings.leaseDuration(),
                                settings.renewDeadline(),
                                settings.retryPeriod()));
        Thread thread =
                new Thread(
                        () ->
                                elector.run(
                                        work::startedLeading,
                                        work::stoppedLeading,
                                        work::newLeader),
                        "client-java-elector");
        thread.setDaemon(true);
        thread.start();
        return elector::close;
    }
}
