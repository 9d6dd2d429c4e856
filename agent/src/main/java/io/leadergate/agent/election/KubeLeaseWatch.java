package io.leadergate.agent.election;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * {@link LeaseWatchSource} over plain HTTP streaming ({@code ?watch=true}, newline-delimited JSON
 * events), the request built by client-java's generated API like {@link KubeLeaseClient}'s, events
 * parsed by {@link LeaseJson} (tolerant of unknown fields).
 *
 * <p>Each watch asks the server to end it after 5–10 minutes ({@code timeoutSeconds}, randomised like
 * client-go's reflector so replicas do not reconnect in step); the watcher then resumes from the last
 * resourceVersion. Reads are bounded by {@link #readTimeout}: while anyone leads, the Lease changes
 * every retry period, so a much longer silence means a connection that died without a FIN.
 */
final class KubeLeaseWatch implements LeaseWatchSource {

    /** client-go's minWatchTimeout: a watch lasts 1–2 times this, seconds. */
    private static final int MIN_WATCH_SECONDS = 300;
    /** Floor of the read timeout, seconds: at least one server bookmark interval (about a minute). */
    private static final int MIN_READ_TIMEOUT_SECONDS = 70;

    private final CoordinationV1Api api;
    private final OkHttpClient http;
    private final String namespace;
    private final String fieldSelector;

    /** Shares {@code apiClient}'s connection pool, TLS and credentials, with watch-length timeouts. */
    KubeLeaseWatch(ApiClient apiClient, ElectionSettings settings) {
        this.api = new CoordinationV1Api(apiClient);
        this.http = apiClient.getHttpClient().newBuilder()
                .callTimeout(0, TimeUnit.MILLISECONDS) // a watch is meant to last; reads are bounded instead
                .readTimeout(readTimeout(settings), TimeUnit.SECONDS)
                .build();
        this.namespace = settings.namespace();
        this.fieldSelector = "metadata.name=" + settings.leaseName();
    }

    /**
     * The longest silence on an open watch before it is abandoned and resumed, seconds: twice the
     * lease duration (a live leader writes every retry period), at least a bookmark interval.
     */
    static long readTimeout(ElectionSettings settings) {
        return Math.max(MIN_READ_TIMEOUT_SECONDS, 2 * settings.leaseDuration().getSeconds());
    }

    @Override
    public LeaseWatchStream open(String resourceVersion) throws LeaseApiException {
        int timeoutSeconds = MIN_WATCH_SECONDS + ThreadLocalRandom.current().nextInt(MIN_WATCH_SECONDS);
        Request request;
        try {
            Call built = api.listNamespacedLease(namespace)
                    .fieldSelector(fieldSelector)
                    .resourceVersion(resourceVersion)
                    .allowWatchBookmarks(true)
                    .timeoutSeconds(timeoutSeconds)
                    .watch(true)
                    .buildCall(null);
            request = built.request();
        } catch (ApiException e) {
            throw new LeaseApiException(0, LeaseApiException.Kind.OTHER,
                    "cannot build the watch request for leases in " + namespace + ": " + e.getMessage(), e);
        }
        String what = "GET " + request.url();
        Call call;
        Response response;
        try {
            call = http.newCall(request);
            response = call.execute();
        } catch (IOException e) {
            throw LeaseApiException.ofTransport(what, e);
        }
        if (!response.isSuccessful()) {
            try (Response refused = response) {
                ResponseBody body = refused.body();
                String text = body == null ? "" : body.string();
                throw LeaseApiException.ofStatus(refused.code(),
                        "HTTP " + refused.code() + " on " + what + ": " + LeaseJson.statusMessage(text));
            } catch (IOException e) {
                throw LeaseApiException.ofStatus(response.code(), "HTTP " + response.code() + " on " + what);
            }
        }
        return new Stream(call, response, what);
    }

    /**
     * OkHttp allows one thread per response body: {@link #close()} from another thread only
     * cancels the call (the blocked read then fails at once); the reading thread closes the body.
     */
    private static final class Stream implements LeaseWatchStream {
        private final Call call;
        private final Response response;
        private final BufferedSource source;
        private final String what;
        private volatile Thread reader;

        Stream(Call call, Response response, String what) {
            this.call = call;
            this.response = response;
            this.source = response.body().source();
            this.what = what;
        }

        @Override
        public WatchEvent next() throws LeaseApiException {
            reader = Thread.currentThread();
            try {
                String line;
                do {
                    line = source.readUtf8Line();
                    if (line == null) {
                        return null;
                    }
                } while (line.isBlank()); // keep-alive newlines some proxies insert
                return LeaseJson.parseEvent(line);
            } catch (IOException e) {
                throw LeaseApiException.ofTransport("watch " + what, e);
            }
        }

        @Override
        public void close() {
            Thread t = reader;
            if (t == null || t == Thread.currentThread()) {
                response.close();
            } else {
                call.cancel();
            }
        }
    }
}
