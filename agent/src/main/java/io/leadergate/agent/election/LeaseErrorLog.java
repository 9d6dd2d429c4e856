package io.leadergate.agent.election;

import io.leadergate.agent.log.AgentLog;
import io.leadergate.agent.log.AgentLog.Level;

/**
 * Logs failed Lease API calls once per condition, each line naming the fix; no stack traces. A
 * condition is logged again only after a call has succeeded in between ({@link #recovered()}).
 *
 * <p>Keys include the lease and identity, so two electors in one JVM (tests) do not mute each
 * other.
 */
final class LeaseErrorLog {

    private final ElectionSettings settings;
    private final String keyPrefix;
    private volatile boolean anyLogged;

    LeaseErrorLog(ElectionSettings settings) {
        this.settings = settings;
        this.keyPrefix = "election." + settings.leaseKey() + "." + settings.identity() + ".";
    }

    /**
     * @param action what was attempted: {@code get}, {@code create}, {@code update}, {@code
     *     release}
     */
    void failed(String action, LeaseApiException e) {
        LeaseApiException.Kind kind = e.kind();
        if (kind == LeaseApiException.Kind.CONFLICT
                || (kind == LeaseApiException.Kind.NOT_FOUND && !"create".equals(action))) {
            // Routine: another writer won (409), or the Lease was deleted and the next GET
            // recreates it.
            AgentLog.debug(
                    "lease " + settings.leaseKey() + ": " + action + " failed: " + e.getMessage());
            return;
        }
        Level level =
                kind == LeaseApiException.Kind.FORBIDDEN
                                || kind == LeaseApiException.Kind.UNAUTHORIZED
                        ? Level.ERROR
                        : Level.WARN;
        if (AgentLog.once(keyPrefix + kind.label(), level, message(action, e))) {
            anyLogged = true;
        }
    }

    /** A call succeeded: forget logged conditions so a recurrence is reported again. */
    void recovered() {
        if (!anyLogged) {
            return;
        }
        anyLogged = false;
        for (LeaseApiException.Kind kind : LeaseApiException.Kind.values()) {
            AgentLog.reset(keyPrefix + kind.label());
        }
        AgentLog.info("lease " + settings.leaseKey() + ": API calls succeed again");
    }

    /** Logs an unexpected exception from the elector loop once (until recovery). */
    void unexpected(Throwable t) {
        if (AgentLog.once(
                keyPrefix + "unexpected",
                Level.ERROR,
                "unexpected error electing on lease "
                        + settings.leaseKey()
                        + ", retrying every retry period: "
                        + t)) {
            anyLogged = true;
        }
    }

    private String message(String action, LeaseApiException e) {
        String lease = "lease " + settings.leaseKey();
        String ns = settings.namespace();
        switch (e.kind()) {
            case FORBIDDEN:
                return "cannot "
                        + action
                        + " "
                        + lease
                        + ": forbidden (HTTP 403). Fix: grant get, create, "
                        + "update on leases in API group coordination.k8s.io, namespace "
                        + ns
                        + ", to this pod's service account; see docs/kubernetes/rbac.yaml ("
                        + e.getMessage()
                        + ")";
            case UNAUTHORIZED:
                return "cannot "
                        + action
                        + " "
                        + lease
                        + ": unauthorized (HTTP 401). Fix: check the credentials: "
                        + "the pod's service account token (automountServiceAccountToken) or the user of "
                        + "the kubeconfig context ("
                        + e.getMessage()
                        + ")";
            case NOT_FOUND:
                return "cannot create "
                        + lease
                        + ": namespace "
                        + ns
                        + " does not exist (HTTP 404). Fix: "
                        + "create the namespace or configure the lease namespace";
            case UNREACHABLE:
                if (causedBy(e, javax.net.ssl.SSLException.class)) {
                    return "TLS handshake with the Kubernetes API server failed to "
                            + action
                            + " "
                            + lease
                            + ": "
                            + e.getMessage()
                            + ". Fix: the CA the client trusts must have signed the server's "
                            + "certificate: the kubeconfig cluster's certificate-authority(-data), in a pod the "
                            + "service account's ca.crt; and the server's certificate must be valid for its name "
                            + "(the server URL's host, or the cluster's tls-server-name)";
                }
                if (causedBy(e, java.net.UnknownHostException.class)) {
                    return "cannot resolve the Kubernetes API server's host name to "
                            + action
                            + " "
                            + lease
                            + ": "
                            + e.getMessage()
                            + ". Fix: check the server address in the kubeconfig (in a pod: "
                            + "KUBERNETES_SERVICE_HOST and the cluster DNS)";
                }
            // fall through: refused or unroutable connections
            case TIMEOUT:
                return "cannot reach the Kubernetes API server to "
                        + action
                        + " "
                        + lease
                        + " ("
                        + e.kind().label()
                        + "): "
                        + e.getMessage()
                        + ". Fix: check the API server address "
                        + "in the kubeconfig (in a pod: KUBERNETES_SERVICE_HOST/PORT, network policies)";
            case THROTTLED:
                return "the Kubernetes API server throttles "
                        + action
                        + " of "
                        + lease
                        + " (HTTP 429, API Priority and Fairness): waiting as long as it asks "
                        + "(Retry-After), backing off to "
                        + ElectionSettings.BACKOFF_CEILING
                        + " retry periods while it goes on; a leader still renews before its "
                        + "renew deadline ("
                        + e.getMessage()
                        + ")";
            case INVALID:
                return "API server rejected "
                        + action
                        + " of "
                        + lease
                        + " as invalid (HTTP "
                        + e.code()
                        + "): "
                        + e.getMessage();
            default:
                return "cannot " + action + " " + lease + ": " + e.getMessage();
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
