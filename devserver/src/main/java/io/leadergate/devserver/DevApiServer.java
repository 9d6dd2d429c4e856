package io.leadergate.devserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A small, faithful Kubernetes API server for coordination.k8s.io/v1 Leases, on 127.0.0.1 only.
 *
 * <pre>{@code
 * try (DevApiServer server = DevApiServer.builder().client("replica-1", "t1").build().start()) {
 *   server.writeKubeconfig(kubeconfig, "replica-1", "default");
 *   ...
 * }
 * }</pre>
 *
 * <p>Test hooks live under {@code /_dev/} on the same port (see {@link DevHooks}); the same
 * controls are available here: {@link #requestCounts()}, {@link #faults()}, {@link #compact()}.
 */
public final class DevApiServer implements AutoCloseable {
    private final Builder config;
    private final OpenWatches watches = new OpenWatches();
    private final RequestCounter counter = new RequestCounter();
    private final RequestCounter sliceCounter = new RequestCounter();
    private final WriteArrivals arrivals = new WriteArrivals();
    private final Faults faults = new Faults(watches);
    private final Map<String, Certificates.Issued> clientCertificates = new ConcurrentHashMap<>();
    private final LeaseStore store;

    /** In memory only: the data file keeps Leases; an agent rewrites its slice when it leads. */
    private final LeaseStore slices =
            new LeaseStore(
                    ServedKind.ENDPOINT_SLICES,
                    new LeaseStore.Snapshot(0, java.util.List.of()),
                    LeaseStore.DEFAULT_HISTORY,
                    null);

    private Certificates certificates;
    private HttpListener listener;

    private DevApiServer(Builder config) {
        this.config = config;
        DataFile dataFile = config.dataFile == null ? null : new DataFile(config.dataFile);
        this.store =
                new LeaseStore(
                        dataFile == null
                                ? new LeaseStore.Snapshot(0, java.util.List.of())
                                : dataFile.load(),
                        config.historySize,
                        dataFile == null ? null : snapshot -> save(dataFile, snapshot));
    }

    /** A failed save is reported, not thrown: the change is already visible to clients. */
    private static void save(DataFile dataFile, LeaseStore.Snapshot snapshot) {
        try {
            dataFile.save(snapshot);
        } catch (UncheckedIOException e) {
            System.err.println("leadergate-devserver: " + e.getMessage() + ": " + e.getCause());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds and starts serving; returns this for chaining. */
    public synchronized DevApiServer start() {
        try {
            SSLContext tls = null;
            if (config.tls) {
                certificates = Certificates.generate();
                if (config.clientCertAuth) {
                    config.clients
                            .keySet()
                            .forEach(
                                    name ->
                                            clientCertificates.put(
                                                    name, certificates.issueClient(name)));
                }
                tls = certificates.serverContext();
            }
            listener = new HttpListener(config.port, tls, config.clientCertAuth);
            Auth auth =
                    new Auth(config.token, config.tokenFile, config.clients, config.clientCertAuth);
            long bookmarkNanos = config.bookmarkInterval.toNanos();
            Map<ServedKind, LeaseResource> resources =
                    Map.of(
                            ServedKind.LEASES,
                            new LeaseResource(
                                    store,
                                    watches,
                                    config.namespaces,
                                    bookmarkNanos,
                                    !config.coordinatedLeaderElection),
                            ServedKind.ENDPOINT_SLICES,
                            new LeaseResource(slices, watches, config.namespaces, bookmarkNanos));
            String serverAddress = "127.0.0.1:" + listener.port();
            listener.server()
                    .createContext(
                            "/",
                            new ApiHandler(
                                    auth,
                                    Map.of(
                                            ServedKind.LEASES,
                                            counter,
                                            ServedKind.ENDPOINT_SLICES,
                                            sliceCounter),
                                    faults,
                                    resources,
                                    serverAddress,
                                    config.requestLog,
                                    arrivals));
            listener.server()
                    .createContext(
                            "/_dev/",
                            new DevHooks(counter, sliceCounter, arrivals, faults, store, watches));
            listener.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start the dev API server on port " + config.port, e);
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:43121} (https with TLS). */
    public String url() {
        return (config.tls ? "https" : "http") + "://127.0.0.1:" + port();
    }

    public int port() {
        return listener.port();
    }

    /**
     * Writes a kubeconfig for {@code clientName} (its token and, with client-certificate auth, its
     * certificate), or for an anonymous user carrying the shared token when null.
     *
     * @param namespace the context's namespace
     */
    public void writeKubeconfig(Path file, String clientName, String namespace) throws IOException {
        KubeconfigWriter.write(file, kubeconfig(clientName, namespace));
    }

    /** The kubeconfig text {@link #writeKubeconfig} would write. */
    public String kubeconfig(String clientName, String namespace) {
        KubeconfigWriter.Credentials credentials;
        String user;
        if (clientName == null) {
            user = "anonymous";
            credentials =
                    new KubeconfigWriter.Credentials(
                            config.token,
                            config.tokenFile == null
                                    ? null
                                    : config.tokenFile.toAbsolutePath().toString(),
                            null,
                            null);
        } else {
            if (!config.clients.containsKey(clientName)) {
                throw new IllegalArgumentException(
                        "unknown client " + clientName + "; known: " + config.clients.keySet());
            }
            user = clientName;
            Certificates.Issued certificate = clientCertificates.get(clientName);
            credentials =
                    new KubeconfigWriter.Credentials(
                            config.clients.get(clientName),
                            null,
                            certificate == null ? null : certificate.certificatePem(),
                            certificate == null ? null : certificate.keyPem());
        }
        String ca = certificates == null ? null : certificates.authority().certificatePem();
        return KubeconfigWriter.render(url(), ca, user, credentials, namespace);
    }

    /** The CA certificate (PEM) clients must trust, or null without TLS. */
    public String caCertificatePem() {
        return certificates == null ? null : certificates.authority().certificatePem();
    }

    /** The client names configured, in order. */
    public Set<String> clients() {
        return config.clients.keySet();
    }

    public RequestCounts requestCounts() {
        return counter.snapshot();
    }

    /** The EndpointSlice requests per client and verb, counted apart from the Lease requests. */
    public RequestCounts endpointSliceRequestCounts() {
        return sliceCounter.snapshot();
    }

    /** The successful Lease writes kept with their arrival times, oldest first. */
    List<WriteArrivals.Arrival> writeArrivals() {
        return arrivals.snapshot();
    }

    public void resetRequestCounts() {
        counter.reset();
        sliceCounter.reset();
        arrivals.reset();
    }

    public Faults faults() {
        return faults;
    }

    /** Forgets the watch history: resuming from any earlier resourceVersion gets 410 Expired. */
    public void compact() {
        store.compact();
        slices.compact();
    }

    /** The latest resourceVersion handed out. */
    public long resourceVersion() {
        return store.resourceVersion();
    }

    /** The number of watch streams currently open. */
    public int openWatches() {
        return watches.size();
    }

    /** Ends watches and held requests, then closes the port. Idempotent. */
    public synchronized void stop() {
        if (listener == null) {
            return;
        }
        faults.stop();
        watches.drop(client -> true);
        listener.stop();
        listener = null;
    }

    @Override
    public void close() {
        stop();
    }

    /** Configuration; every setting has a default suitable for an in-JVM test. */
    public static final class Builder {
        private int port;
        private boolean tls;
        private boolean clientCertAuth;
        private String token;
        private Path tokenFile;
        private final Map<String, String> clients = new LinkedHashMap<>();
        private Path dataFile;
        private Set<String> namespaces;
        private int historySize = LeaseStore.DEFAULT_HISTORY;
        private Duration bookmarkInterval = Duration.ofMinutes(1);
        private Consumer<String> requestLog;
        private boolean coordinatedLeaderElection = true;

        private Builder() {}

        /**
         * False: serve Leases as a kube-apiserver without the CoordinatedLeaderElection feature
         * gate, which drops {@code spec.strategy} and {@code spec.preferredHolder} from writes
         * (default true: they are kept, as with the gate on).
         */
        public Builder coordinatedLeaderElection(boolean enabled) {
            this.coordinatedLeaderElection = enabled;
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /** Issue each named client a certificate and accept it as identity (implies TLS). */
        public Builder clientCertAuth(boolean clientCertAuth) {
            this.clientCertAuth = clientCertAuth;
            this.tls |= clientCertAuth;
            return this;
        }

        /** Require {@code Authorization: Bearer token} (null: no shared token). */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** Accept the token currently in {@code file}, re-read on every request. */
        public Builder tokenFile(Path file) {
            this.tokenFile = file;
            return this;
        }

        /** A named client authenticating with {@code token} (null: certificate only). */
        public Builder client(String name, String token) {
            clients.put(name, token);
            return this;
        }

        /** Load from and save to {@code file} (null: in memory only). */
        public Builder dataFile(Path file) {
            this.dataFile = file;
            return this;
        }

        /** Only these namespaces exist (creating elsewhere is 404); none given: all exist. */
        public Builder namespaces(String... names) {
            this.namespaces =
                    names.length == 0
                            ? null
                            : Set.copyOf(new LinkedHashSet<>(Arrays.asList(names)));
            return this;
        }

        /** How many events are kept for watch resumption (default 1000). */
        public Builder historySize(int events) {
            this.historySize = events;
            return this;
        }

        /** How often watches that allow bookmarks get one (default 1 minute). */
        public Builder bookmarkInterval(Duration interval) {
            this.bookmarkInterval = interval;
            return this;
        }

        /** Receives one line per API request (null: silent, the default). */
        public Builder requestLog(Consumer<String> log) {
            this.requestLog = log;
            return this;
        }

        public DevApiServer build() {
            tls |= clientCertAuth; // client certificates need TLS whatever the call order
            return new DevApiServer(this);
        }
    }
}
