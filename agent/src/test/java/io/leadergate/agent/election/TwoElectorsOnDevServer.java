package io.leadergate.agent.election;

import io.leadergate.agent.config.Kubeconfig;
import io.leadergate.devserver.DevApiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/**
 * Two electors in one JVM against the real dev API server over TLS, each its own named client (so
 * the server counts their requests apart) with its own kubeconfig and {@link RecordingGate}.
 */
abstract class TwoElectorsOnDevServer {

    /** 5 s lease, 2 s renew deadline, 300 ms retry: a release hand-over must beat expiry by far. */
    static final Duration LEASE = Duration.ofSeconds(5);

    static final Duration RENEW_DEADLINE = Duration.ofSeconds(2);
    static final Duration RETRY = Duration.ofMillis(300);

    final DevApiServer server =
            DevApiServer.builder()
                    .port(0)
                    .tls(true)
                    .client("replica-a", "token-a")
                    .client("replica-b", "token-b")
                    .build()
                    .start();
    LeaseElector a;
    LeaseElector b;
    private final String leaseName;

    TwoElectorsOnDevServer(String leaseName) {
        this.leaseName = leaseName;
    }

    @AfterEach
    void stopElectorsAndServer() {
        if (a != null) {
            a.stop();
        }
        if (b != null) {
            b.stop();
        }
        server.stop();
    }

    ElectionSettings settings(String identity) {
        return new ElectionSettings("default", leaseName, identity, LEASE, RENEW_DEADLINE, RETRY);
    }

    /**
     * A client for {@code identity} through a kubeconfig the server wrote for it into {@code dir}.
     */
    KubeLeaseClient client(Path dir, String identity) throws Exception {
        Path kubeconfig = dir.resolve(identity + ".kubeconfig");
        server.writeKubeconfig(kubeconfig, identity, "default");
        return KubeLeaseClient.create(settings(identity), Optional.of(Kubeconfig.read(kubeconfig)));
    }
}
