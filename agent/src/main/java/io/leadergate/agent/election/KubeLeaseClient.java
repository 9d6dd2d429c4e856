package io.leadergate.agent.election;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.Config;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * {@link LeaseClient} on client-java's {@link CoordinationV1Api}.
 *
 * <p>The generated API builds each request (path, auth headers, TLS, kubeconfig credentials); the
 * bodies are read and written as raw JSON by {@link LeaseJson}, because the generated models reject
 * Leases with fields they do not know and would drop such fields on UPDATE.
 *
 * <p>Every call is bounded by OkHttp's call timeout ({@link #callTimeout}), so none can hang past the
 * renew deadline.
 */
public final class KubeLeaseClient implements LeaseClient {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    /** Never serialised: the generated API needs a body to build a request; we swap ours in. */
    private static final V1Lease PLACEHOLDER = new V1Lease();

    private final ApiClient apiClient;
    private final CoordinationV1Api api;
    private final String namespace;
    private final String name;
    private final ElectionSettings settings;

    /**
     * Uses {@code apiClient} for {@code settings}' Lease and replaces its HTTP client's timeouts with
     * {@link #callTimeout}.
     */
    public KubeLeaseClient(ApiClient apiClient, ElectionSettings settings) {
        long timeoutMillis = callTimeout(settings).toMillis();
        OkHttpClient http = apiClient.getHttpClient().newBuilder()
                .callTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .writeTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .build();
        apiClient.setHttpClient(http);
        this.apiClient = apiClient;
        this.api = new CoordinationV1Api(apiClient);
        this.namespace = settings.namespace();
        this.name = settings.leaseName();
        this.settings = settings;
    }

    /**
     * A client from the kubeconfig at {@code kubeconfig} (relative certificate paths resolve against
     * its directory) or, when empty, client-java's default chain: {@code $KUBECONFIG},
     * {@code ~/.kube/config}, then the in-cluster service account. A token file (the kubeconfig
     * user's {@code tokenFile}, or the in-cluster service account's) is re-read when it changes
     * ({@link RotatingTokenFile}).
     */
    public static KubeLeaseClient create(ElectionSettings settings, Optional<Path> kubeconfig) throws IOException {
        ApiClient apiClient;
        Optional<Path> tokenFile;
        if (kubeconfig.isPresent()) {
            Path path = kubeconfig.get().toAbsolutePath();
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                KubeConfig config = KubeConfig.loadKubeConfig(reader);
                config.setFile(path.toFile());
                apiClient = ClientBuilder.kubeconfig(config).build();
                tokenFile = RotatingTokenFile.ofKubeconfig(config, path.getParent());
            }
        } else {
            apiClient = Config.defaultClient();
            tokenFile = Optional.of(RotatingTokenFile.SERVICE_ACCOUNT_TOKEN).filter(Files::isReadable);
        }
        if (tokenFile.isPresent()) {
            // client-java reads a kubeconfig's tokenFile once, the in-cluster token once a minute.
            apiClient.setHttpClient(apiClient.getHttpClient().newBuilder()
                    .addInterceptor(new RotatingTokenFile(tokenFile.get())).build());
        }
        return new KubeLeaseClient(apiClient, settings);
    }

    /**
     * Per-call bound, wall time including connect: half the renew deadline, at least the retry
     * period. Half, not all, so one call stuck on a dead connection still leaves the leader time for
     * a second attempt before its renew deadline (client-go bounds the whole renew loop instead).
     */
    static Duration callTimeout(ElectionSettings settings) {
        Duration half = settings.renewDeadline().dividedBy(2);
        return half.compareTo(settings.retryPeriod()) >= 0 ? half : settings.retryPeriod();
    }

    /** Watches of this client's Lease, through the same API server and credentials. */
    LeaseWatchSource watchSource() {
        return new KubeLeaseWatch(apiClient, settings);
    }

    /** The API server's URL, for log lines about reachability. */
    public String serverAddress() {
        return apiClient.getBasePath();
    }

    @Override
    public Optional<LeaseSnapshot> get() throws LeaseApiException {
        Request request = request("GET", () -> api.readNamespacedLease(name, namespace).buildCall(null));
        Exchange reply = execute(request);
        if (reply.code == 404) {
            return Optional.empty();
        }
        return Optional.of(LeaseJson.parse(reply.body));
    }

    @Override
    public LeaseSnapshot create(LeaseRecord record) throws LeaseApiException {
        Request template = request("POST", () -> api.createNamespacedLease(namespace, PLACEHOLDER).buildCall(null));
        String body = LeaseJson.newObject(namespace, name, record);
        Request request = template.newBuilder().post(RequestBody.create(body, JSON)).build();
        return LeaseJson.parse(expectSuccess(execute(request), "POST"));
    }

    @Override
    public LeaseSnapshot update(LeaseSnapshot base, LeaseRecord next) throws LeaseApiException {
        Request template = request("PUT", () -> api.replaceNamespacedLease(name, namespace, PLACEHOLDER).buildCall(null));
        String body = LeaseJson.updatedObject(namespace, name, base, next);
        Request request = template.newBuilder().put(RequestBody.create(body, JSON)).build();
        return LeaseJson.parse(expectSuccess(execute(request), "PUT"));
    }

    private interface CallBuilder {
        Call build() throws ApiException;
    }

    /** The generated API's request (URL, auth headers) without executing it. */
    private Request request(String method, CallBuilder builder) throws LeaseApiException {
        try {
            return builder.build().request();
        } catch (ApiException e) {
            throw new LeaseApiException(0, LeaseApiException.Kind.OTHER,
                    "cannot build " + method + " for lease " + namespace + "/" + name + ": " + e.getMessage(), e);
        }
    }

    private static final class Exchange {
        final int code;
        final String body;
        final String method;
        final String url;

        Exchange(int code, String body, String method, String url) {
            this.code = code;
            this.body = body;
            this.method = method;
            this.url = url;
        }
    }

    private Exchange execute(Request request) throws LeaseApiException {
        String what = request.method() + " " + request.url();
        try (Response response = apiClient.getHttpClient().newCall(request).execute()) {
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            Exchange reply = new Exchange(response.code(), text, request.method(), request.url().toString());
            if (reply.code == 404 && "GET".equals(reply.method)) {
                return reply; // the caller turns a missing Lease into Optional.empty()
            }
            expectSuccess(reply, request.method());
            return reply;
        } catch (IOException e) {
            throw LeaseApiException.ofTransport(what, e);
        }
    }

    private static String expectSuccess(Exchange reply, String method) throws LeaseApiException {
        if (reply.code >= 200 && reply.code < 300) {
            return reply.body;
        }
        throw LeaseApiException.ofStatus(reply.code,
                "HTTP " + reply.code + " on " + method + " " + reply.url + ": " + LeaseJson.statusMessage(reply.body));
    }
}
