package io.leadergate.agent.expose;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.leadergate.agent.config.LeaderService;
import io.leadergate.agent.election.ElectionEvents;
import io.leadergate.agent.election.ElectionSettings;
import io.leadergate.agent.election.KubeLeaseClient;
import io.leadergate.agent.election.LeadershipState;
import io.leadergate.agent.kube.ApiServer;
import io.leadergate.agent.log.AgentLog;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code leadergate.leader.service}: while this replica leads, the EndpointSlice of a Service
 * without a selector names this pod's IP and ports, so the Service reaches the leader (Patroni
 * keeps its PostgreSQL leader's endpoints the same way). The slice is named after the Service,
 * labelled {@code kubernetes.io/service-name} (how kube-proxy joins it to the Service) and {@code
 * endpointslice.kubernetes.io/managed-by: leadergate.io} (so the EndpointSlice controllers leave it
 * alone), and annotated {@code leadergate.io/leader} with this replica's identity: the mark a
 * withdrawal checks before it touches the slice.
 *
 * <p>Rules, in order of importance:
 *
 * <ol>
 *   <li>Nothing here affects the election or the gate. Every call runs on this writer's own thread
 *       (listeners only record the wish), is bounded by the Lease client's call timeout, and a
 *       failure (403, 404, 422, API server down) is logged once and retried with backoff.
 *   <li>Only a leader writes, and never over a successor: a withdrawal (on loss, step-down or
 *       release) reads the slice and clears it only while it still names this replica's identity
 *       and address, with the resourceVersion it read (a 409 means someone wrote since: read
 *       again). A publish checks before each write that this replica still wants to lead.
 *   <li>On a graceful stop the endpoint is withdrawn before the elector drains and releases the
 *       Lease: the gate closes for good at that moment, so the Service stops sending requests to a
 *       replica that has stopped leading, and a successor, which can only acquire after the
 *       release, finds a slice without this replica's address. Until then the slice may name no one
 *       (never two replicas).
 *   <li>After a kill -9 or a partition the old leader cannot withdraw: its successor overwrites the
 *       slice when it acquires. A leader also re-reads the slice once per lease duration and
 *       rewrites it if it no longer names it (an old leader's write that was in flight when it lost
 *       leadership, a manual edit).
 * </ol>
 *
 * <p>The slice is never deleted: a pre-created slice (RBAC cannot scope {@code create} by name)
 * keeps working, its endpoints emptied. Without it the leader creates it, which needs {@code
 * create} on endpointslices in the namespace.
 */
public final class LeaderEndpointSlice implements ElectionEvents {

    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    static final String MANAGED_BY = "leadergate.io";
    static final String LEADER_ANNOTATION = "leadergate.io/leader";

    /** Retries after a failure back off from the retry period to this. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Conflicts (409) in a row before a write is retried later instead of at once. */
    private static final int ATTEMPTS = 5;

    private final ApiServer server;
    private final LeaderService service;
    private final String namespace;
    private final String identity;
    private final String collection;
    private final String item;
    private final String key;
    private final Duration timeout;
    private final long verifyNanos;
    private final long firstBackoffNanos;

    /** Held for each reconciliation, so the release's withdrawal never interleaves with one. */
    private final ReentrantLock writing = new ReentrantLock();

    // Guarded by this: the wish (leading), its generation, and what the writer has done of it.
    private boolean leading;
    private boolean closed;
    private long requested;
    private long reconciled;
    private long nextAttemptNanos;
    private long backoffNanos;

    /** Set before this writer first sends a write: only then can the slice name this replica. */
    private volatile boolean mayBeNamed;

    /** The failure last logged (its once-key), reset when a call succeeds again. */
    private String failing;

    LeaderEndpointSlice(
            ApiServer server, LeaderService service, ElectionSettings settings, Duration timeout) {
        this.server = server;
        this.service = service;
        this.namespace = settings.namespace();
        this.identity = settings.identity();
        this.collection = "/apis/discovery.k8s.io/v1/namespaces/" + namespace + "/endpointslices";
        this.item = collection + "/" + service.serviceName();
        this.key = namespace + "/" + service.serviceName();
        this.timeout = timeout;
        this.verifyNanos = settings.leaseDuration().toNanos();
        this.firstBackoffNanos = settings.retryPeriod().toNanos();
        this.backoffNanos = firstBackoffNanos;
    }

    /**
     * A writer for {@code settings}' elector (pass it among the elector's events), through {@code
     * client}'s API server and credentials, on a daemon thread of its own. The shutdown hook runs
     * {@link #withdrawForRelease} before the elector's stop.
     */
    public static LeaderEndpointSlice start(
            LeaderService service, ElectionSettings settings, KubeLeaseClient client) {
        LeaderEndpointSlice slice =
                new LeaderEndpointSlice(
                        client.apiServer(), service, settings, settings.callTimeout());
        slice.startWriter();
        AgentLog.info(
                "leader service "
                        + slice.key
                        + ": the leader's EndpointSlice will point at "
                        + service.podIp()
                        + " ("
                        + describePorts(service)
                        + ")");
        return slice;
    }

    void startWriter() {
        Thread writer = new Thread(this::run, "leadergate-leader-service");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void onStartedLeading(LeadershipState state) {
        wish(true);
    }

    @Override
    public void onStoppedLeading(LeadershipState state, String why) {
        wish(false);
    }

    private synchronized void wish(boolean lead) {
        if (closed) {
            return;
        }
        leading = lead;
        requested++;
        nextAttemptNanos = System.nanoTime();
        backoffNanos = firstBackoffNanos;
        notifyAll();
    }

    /**
     * The shutdown hook's first step, before the elector drains and releases: no more publishing,
     * and this replica's endpoint withdrawn if the slice still names it. Bounded by twice the call
     * timeout (a reconciliation in flight, then the withdrawal).
     */
    public void withdrawForRelease() {
        synchronized (this) {
            closed = true;
            leading = false;
            notifyAll();
        }
        if (!mayBeNamed) {
            return; // never wrote: a follower's stop sends nothing
        }
        try {
            if (writing.tryLock(2 * timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    withdraw();
                } finally {
                    writing.unlock();
                }
            } else {
                AgentLog.warn(
                        "leader service "
                                + key
                                + ": a call was still in flight at shutdown; the successor"
                                + " overwrites the EndpointSlice when it acquires the lease");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The writer thread: reconcile each new wish, retry failures, verify while leading. */
    private void run() {
        while (true) {
            boolean lead;
            long generation;
            synchronized (this) {
                try {
                    while (!closed) {
                        long wait = nextAttemptNanos - System.nanoTime();
                        boolean due = reconciled != requested || leading;
                        if (due && wait <= 0) {
                            break;
                        }
                        if (due) {
                            TimeUnit.NANOSECONDS.timedWait(this, wait);
                        } else {
                            wait();
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
                lead = leading;
                generation = requested;
            }
            boolean done;
            writing.lock();
            try {
                done = lead ? publish(generation) : !mayBeNamed || withdraw();
            } catch (RuntimeException bug) {
                AgentLog.once(
                        "leader-service:bug",
                        AgentLog.Level.ERROR,
                        "leader service " + key + ": " + bug + "; gating is not affected");
                done = false;
            } finally {
                writing.unlock();
            }
            synchronized (this) {
                if (done) {
                    reconciled = generation;
                    backoffNanos = firstBackoffNanos;
                    nextAttemptNanos = System.nanoTime() + verifyNanos;
                } else {
                    nextAttemptNanos = System.nanoTime() + backoffNanos;
                    backoffNanos = Math.min(2 * backoffNanos, MAX_BACKOFF.toNanos());
                }
            }
        }
    }

    private synchronized boolean stillWanted(long generation) {
        return !closed && leading && requested == generation;
    }

    /**
     * Makes the slice name this replica. True when done, or when the wish changed meanwhile (the
     * writer then follows the new one); false to retry later.
     */
    boolean publish(long generation) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (!stillWanted(generation)) {
                return true;
            }
            ApiServer.Reply got = send("GET", item, null);
            if (got == null) {
                return false;
            }
            ApiServer.Reply written;
            if (got.code == 404) {
                if (!stillWanted(generation)) {
                    return true;
                }
                mayBeNamed = true;
                written = send("POST", collection, desired(null).toString());
            } else if (got.code == 200) {
                JsonObject current = parse(got.body);
                if (current == null) {
                    return false;
                }
                JsonObject desired = desired(current);
                if (namesUs(current)
                        && desired.get("endpoints").equals(current.get("endpoints"))
                        && desired.get("ports").equals(current.get("ports"))) {
                    recovered();
                    return true; // already so (the periodic check, or a rewrite after a restart)
                }
                if (!stillWanted(generation)) {
                    return true;
                }
                mayBeNamed = true;
                written = send("PUT", item, desired.toString());
            } else {
                return failed("GET", got);
            }
            if (written == null) {
                return false;
            }
            if (written.code == 200 || written.code == 201) {
                recovered();
                AgentLog.info(
                        "leader service "
                                + key
                                + ": the EndpointSlice points at this leader, "
                                + service.podIp()
                                + " ("
                                + describePorts(service)
                                + ")");
                return true;
            }
            if (written.code != 409) {
                return failed(got.code == 404 ? "POST" : "PUT", written);
            }
            // 409: created or written meanwhile; read again.
        }
        return false;
    }

    /**
     * Clears this replica's endpoint if, and only if, the slice still names it. True when done
     * (cleared, not ours, or gone); false to retry later.
     */
    boolean withdraw() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ApiServer.Reply got = send("GET", item, null);
            if (got == null) {
                return false;
            }
            if (got.code == 404) {
                return true;
            }
            if (got.code != 200) {
                return failed("GET", got);
            }
            JsonObject current = parse(got.body);
            if (current == null) {
                return false;
            }
            if (!namesUs(current)) {
                recovered();
                return true; // a successor's, or already empty: never touched
            }
            current.add("endpoints", new JsonArray());
            annotations(current).remove(LEADER_ANNOTATION);
            ApiServer.Reply written = send("PUT", item, current.toString());
            if (written == null) {
                return false;
            }
            if (written.code == 200) {
                recovered();
                AgentLog.info(
                        "leader service "
                                + key
                                + ": withdrew "
                                + service.podIp()
                                + " from the EndpointSlice");
                return true;
            }
            if (written.code != 409) {
                return failed("PUT", written);
            }
            // 409: written meanwhile (a successor?); read again before touching it.
        }
        return false;
    }

    /** The slice names this replica: its leader annotation and an address are ours. */
    private boolean namesUs(JsonObject slice) {
        JsonElement leader = annotations(slice).get(LEADER_ANNOTATION);
        if (leader == null || !leader.isJsonPrimitive() || !identity.equals(leader.getAsString())) {
            return false;
        }
        JsonElement endpoints = slice.get("endpoints");
        if (endpoints == null || !endpoints.isJsonArray()) {
            return false;
        }
        for (JsonElement endpoint : endpoints.getAsJsonArray()) {
            JsonElement addresses =
                    endpoint.isJsonObject() ? endpoint.getAsJsonObject().get("addresses") : null;
            if (addresses != null && addresses.isJsonArray()) {
                for (JsonElement address : addresses.getAsJsonArray()) {
                    if (service.podIp().equals(address.getAsString())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The slice naming this replica: {@code current} (null to create) with our labels, annotation,
     * address type, endpoint and ports; its other metadata and its resourceVersion kept, so the PUT
     * is conditional.
     */
    JsonObject desired(JsonObject current) {
        JsonObject slice = current == null ? new JsonObject() : current.deepCopy();
        slice.addProperty("apiVersion", "discovery.k8s.io/v1");
        slice.addProperty("kind", "EndpointSlice");
        JsonObject metadata = child(slice, "metadata");
        metadata.addProperty("name", service.serviceName());
        metadata.addProperty("namespace", namespace);
        JsonObject labels = child(metadata, "labels");
        labels.addProperty(SERVICE_NAME_LABEL, service.serviceName());
        labels.addProperty(MANAGED_BY_LABEL, MANAGED_BY);
        child(metadata, "annotations").addProperty(LEADER_ANNOTATION, identity);
        slice.addProperty("addressType", service.addressType());
        JsonObject endpoint = new JsonObject();
        JsonArray addresses = new JsonArray();
        addresses.add(service.podIp());
        endpoint.add("addresses", addresses);
        JsonObject conditions = new JsonObject();
        conditions.addProperty("ready", true);
        conditions.addProperty("serving", true);
        conditions.addProperty("terminating", false);
        endpoint.add("conditions", conditions);
        JsonArray endpoints = new JsonArray();
        endpoints.add(endpoint);
        slice.add("endpoints", endpoints);
        JsonArray ports = new JsonArray();
        for (LeaderService.Port port : service.ports()) {
            JsonObject p = new JsonObject();
            if (!port.name().isEmpty()) {
                p.addProperty("name", port.name());
            }
            p.addProperty("protocol", port.protocol());
            p.addProperty("port", port.number());
            ports.add(p);
        }
        slice.add("ports", ports);
        return slice;
    }

    /** The reply, or null after logging a transport failure once. */
    private ApiServer.Reply send(String method, String path, String body) {
        try {
            return server.call(method, path, body, timeout);
        } catch (IOException e) {
            report("transport", method + " " + server.address() + path + " failed: " + e);
            return null;
        }
    }

    private boolean failed(String method, ApiServer.Reply reply) {
        String hint = "";
        if (reply.code == 403) {
            hint =
                    " (grant get and update on endpointslices named "
                            + service.serviceName()
                            + ", and create or a pre-created slice: docs/kubernetes/leader-service.yaml)";
        } else if (reply.code == 404) {
            hint = " (is discovery.k8s.io/v1 served?)";
        } else if (reply.code == 422) {
            hint = " (a pre-created slice must have addressType " + service.addressType() + ")";
        }
        report(
                "http-" + reply.code,
                "HTTP "
                        + reply.code
                        + " on "
                        + method
                        + " "
                        + server.address()
                        + item
                        + ": "
                        + statusMessage(reply.body)
                        + hint);
        return false;
    }

    private void report(String kind, String what) {
        String onceKey = "leader-service:" + key + ":" + kind;
        if (!onceKey.equals(failing) && failing != null) {
            AgentLog.reset(failing);
        }
        failing = onceKey;
        AgentLog.once(
                onceKey,
                AgentLog.Level.WARN,
                "leader service "
                        + key
                        + ": "
                        + what
                        + "; retrying with backoff, gating is not affected");
    }

    private void recovered() {
        if (failing != null) {
            AgentLog.reset(failing);
            failing = null;
        }
    }

    private JsonObject parse(String body) {
        try {
            JsonElement element = JsonParser.parseString(body);
            if (element.isJsonObject()) {
                return element.getAsJsonObject();
            }
        } catch (JsonParseException | IllegalStateException e) {
            // reported below
        }
        report("body", "the API server's answer is not an EndpointSlice");
        return null;
    }

    private static JsonObject annotations(JsonObject slice) {
        JsonElement metadata = slice.get("metadata");
        JsonElement annotations =
                metadata != null && metadata.isJsonObject()
                        ? metadata.getAsJsonObject().get("annotations")
                        : null;
        return annotations != null && annotations.isJsonObject()
                ? annotations.getAsJsonObject()
                : new JsonObject();
    }

    private static JsonObject child(JsonObject parent, String name) {
        JsonElement existing = parent.get(name);
        if (existing != null && existing.isJsonObject()) {
            return existing.getAsJsonObject();
        }
        JsonObject created = new JsonObject();
        parent.add(name, created);
        return created;
    }

    private static String statusMessage(String body) {
        try {
            JsonElement message = JsonParser.parseString(body).getAsJsonObject().get("message");
            if (message != null && message.isJsonPrimitive()) {
                return AgentLog.escape(message.getAsString());
            }
        } catch (RuntimeException notAStatus) {
            // fall through
        }
        return "(no Status message)";
    }

    private static String describePorts(LeaderService service) {
        StringBuilder out = new StringBuilder();
        for (LeaderService.Port port : service.ports()) {
            out.append(out.length() == 0 ? "" : ", ").append(port);
        }
        return out.toString();
    }
}
