package io.leadergate.agent.election;

import io.leadergate.agent.config.Kubeconfig;
import io.leadergate.agent.kube.ApiServer;
import io.leadergate.agent.kube.ServerAccess;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@link LeaseClient} over the agent's HTTP/1.1 transport ({@link ApiServer}): requests to {@code
 * /apis/coordination.k8s.io/v1/namespaces/NS/leases[/NAME]}, bodies read and written as raw JSON by
 * {@link LeaseJson}, because client-java's generated models reject Leases with fields they do not
 * know and would drop such fields on UPDATE (and loading them costs ~1,600 classes).
 *
 * <p>Every call is bounded by {@link ElectionSettings#callTimeout()}, so none can hang past the
 * renew deadline.
 */
public final class KubeLeaseClient implements LeaseClient {

    private final ApiServer server;
    private final String collection;
    private final String item;
    private final String namespace;
    private final String name;
    private final ElectionSettings settings;
    private final Duration timeout;

    /**
     * Uses {@code server} for {@code settings}' Lease, each call bounded by {@link
     * ElectionSettings#callTimeout()}.
     */
    KubeLeaseClient(ApiServer server, ElectionSettings settings) {
        this.server = server;
        this.namespace = settings.namespace();
        this.name = settings.leaseName();
        this.collection = "/apis/coordination.k8s.io/v1/namespaces/" + namespace + "/leases";
        this.item = collection + "/" + name;
        this.settings = settings;
        this.timeout = settings.callTimeout();
    }

    /**
     * A client from {@code kubeconfig} (as the election's resolution read it: relative paths
     * resolve against the directory of the file that defined each entry) or, when empty, the pod's
     * service account. A token file (the kubeconfig user's {@code tokenFile}, or the service
     * account's) is re-read when it changes; {@code HTTPS_PROXY} and {@code NO_PROXY} apply as in
     * client-go.
     */
    public static KubeLeaseClient create(ElectionSettings settings, Optional<Kubeconfig> kubeconfig)
            throws IOException {
        return create(settings, kubeconfig, System.getenv());
    }

    static KubeLeaseClient create(
            ElectionSettings settings,
            Optional<Kubeconfig> kubeconfig,
            Map<String, String> environment)
            throws IOException {
        String userAgent = "leadergate/" + settings.identity();
        ApiServer server =
                kubeconfig.isPresent()
                        ? ServerAccess.fromKubeconfig(kubeconfig.get(), environment, userAgent)
                        : ServerAccess.inCluster(environment, userAgent);
        return new KubeLeaseClient(server, settings);
    }

    /** Watches of this client's Lease, through the same API server and credentials. */
    public LeaseWatchSource watchSource() {
        return new KubeLeaseWatch(server, settings);
    }

    /**
     * A client of another Lease ({@code other}'s) through the same API server, connections and
     * credentials: one per group of gated work.
     */
    public KubeLeaseClient forLease(ElectionSettings other) {
        return new KubeLeaseClient(server, other);
    }

    /** The API server and credentials, for other objects written on the Lease's terms. */
    public ApiServer apiServer() {
        return server;
    }

    /** The API server's URL, for log lines about reachability. */
    public String serverAddress() {
        return server.address();
    }

    @Override
    public Optional<LeaseSnapshot> get() throws LeaseApiException {
        ApiServer.Reply reply = send("GET", item, null);
        if (reply.code == 404) {
            return Optional.empty();
        }
        return Optional.of(LeaseJson.parse(expectSuccess(reply, "GET", item)));
    }

    @Override
    public LeaseSnapshot create(LeaseRecord record) throws LeaseApiException {
        ApiServer.Reply reply =
                send("POST", collection, LeaseJson.newObject(namespace, name, record));
        return LeaseJson.parse(expectSuccess(reply, "POST", collection));
    }

    @Override
    public LeaseSnapshot update(LeaseSnapshot base, LeaseRecord next) throws LeaseApiException {
        ApiServer.Reply reply =
                send("PUT", item, LeaseJson.updatedObject(namespace, name, base, next));
        return LeaseJson.parse(expectSuccess(reply, "PUT", item));
    }

    private ApiServer.Reply send(String method, String path, String body) throws LeaseApiException {
        try {
            return server.call(method, path, body, timeout);
        } catch (IOException e) {
            throw LeaseApiException.ofTransport(method + " " + server.address() + path, e);
        }
    }

    private String expectSuccess(ApiServer.Reply reply, String method, String path)
            throws LeaseApiException {
        if (reply.code >= 200 && reply.code < 300) {
            return reply.body;
        }
        throw LeaseApiException.ofStatus(
                reply.code,
                "HTTP "
                        + reply.code
                        + " on "
                        + method
                        + " "
                        + server.address()
                        + path
                        + ": "
                        + LeaseJson.statusMessage(reply.body),
                reply.retryAfterSeconds);
    }
}
