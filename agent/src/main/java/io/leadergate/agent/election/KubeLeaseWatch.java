package io.leadergate.agent.election;

import io.leadergate.agent.kube.ApiServer;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link LeaseWatchSource} over plain HTTP streaming ({@code ?watch=true}, newline-delimited JSON
 * events) through the same {@link ApiServer} as {@link KubeLeaseClient}, events parsed by {@link
 * LeaseJson} (tolerant of unknown fields).
 *
 * <p>Each watch asks the server to end it after 5–10 minutes ({@code timeoutSeconds}, randomised
 * like client-go's reflector so replicas do not reconnect in step); the watcher then resumes from
 * the last resourceVersion. Reads are bounded by {@link ElectionSettings#watchReadTimeout()}.
 */
final class KubeLeaseWatch implements LeaseWatchSource {

    /** client-go's minWatchTimeout: a watch lasts 1–2 times this, seconds. */
    private static final int MIN_WATCH_SECONDS = 300;

    private final ApiServer server;
    private final String collection;
    private final String fieldSelector;
    private final Duration readTimeout;

    KubeLeaseWatch(ApiServer server, ElectionSettings settings) {
        this.server = server;
        this.collection =
                "/apis/coordination.k8s.io/v1/namespaces/" + settings.namespace() + "/leases";
        this.fieldSelector = "metadata.name=" + settings.leaseName();
        this.readTimeout = settings.watchReadTimeout();
    }

    @Override
    public LeaseWatchStream open(String resourceVersion) throws LeaseApiException {
        int timeoutSeconds =
                MIN_WATCH_SECONDS + ThreadLocalRandom.current().nextInt(MIN_WATCH_SECONDS);
        String path =
                collection
                        + "?watch=true&allowWatchBookmarks=true&timeoutSeconds="
                        + timeoutSeconds
                        + "&fieldSelector="
                        + encode(fieldSelector)
                        + (resourceVersion == null
                                ? ""
                                : "&resourceVersion=" + encode(resourceVersion));
        String what = "GET " + server.address() + path;
        ApiServer.Stream stream;
        try {
            stream = server.stream(path, readTimeout);
        } catch (IOException e) {
            throw LeaseApiException.ofTransport(what, e);
        }
        if (stream.code < 200 || stream.code >= 300) {
            try (ApiServer.Stream refused = stream) {
                throw LeaseApiException.ofStatus(
                        refused.code,
                        "HTTP "
                                + refused.code
                                + " on "
                                + what
                                + ": "
                                + LeaseJson.statusMessage(refused.errorBody()),
                        refused.retryAfterSeconds());
            } catch (IOException e) {
                throw LeaseApiException.ofStatus(
                        stream.code, "HTTP " + stream.code + " on " + what);
            }
        }
        return new Events(stream, what);
    }

    private static String encode(String value) {
        try {
            return URLEncoder.encode(value, StandardCharsets.UTF_8.name());
        } catch (UnsupportedEncodingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * The stream's lines as watch events; blank lines (keep-alives some proxies insert) skipped.
     */
    private static final class Events implements LeaseWatchStream {
        private final ApiServer.Stream stream;
        private final String what;

        Events(ApiServer.Stream stream, String what) {
            this.stream = stream;
            this.what = what;
        }

        @Override
        public WatchEvent next() throws LeaseApiException {
            try {
                String line;
                do {
                    line = stream.readLine();
                    if (line == null) {
                        return null;
                    }
                } while (line.isBlank());
                return LeaseJson.parseEvent(line);
            } catch (IOException e) {
                throw LeaseApiException.ofTransport("watch " + what, e);
            }
        }

        @Override
        public void close() {
            stream.close();
        }
    }
}
