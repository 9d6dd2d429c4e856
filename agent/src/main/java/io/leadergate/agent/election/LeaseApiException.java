package io.leadergate.agent.election;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * A failed Lease API call. {@link #kind()} is decided by the HTTP status code or the transport
 * exception's type, never by the {@code reason} text of a Status body.
 */
public final class LeaseApiException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, coarse enough to label a metric ({@link #label()}). */
    public enum Kind {
        CONFLICT,
        NOT_FOUND,
        FORBIDDEN,
        UNAUTHORIZED,
        /** 429 Too Many Requests: API Priority and Fairness (or max-in-flight) shed the call. */
        THROTTLED,
        UNREACHABLE,
        TIMEOUT,
        INVALID,
        OTHER;

        /** Lower-case name for metric labels and log keys, e.g. {@code not_found}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind for a non-2xx HTTP status. */
        public static Kind ofStatus(int code) {
            switch (code) {
                case 409:
                    return CONFLICT;
                case 404:
                    return NOT_FOUND;
                case 403:
                    return FORBIDDEN;
                case 401:
                    return UNAUTHORIZED;
                case 429:
                    return THROTTLED;
                case 400:
                case 422:
                    return INVALID;
                case 408:
                case 504:
                    return TIMEOUT;
                default:
                    return OTHER;
            }
        }

        /** The kind for a transport failure (no HTTP status). */
        public static Kind ofTransport(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SocketTimeoutException) {
                    return TIMEOUT;
                }
                if (t instanceof ConnectException
                        || t instanceof UnknownHostException
                        || t instanceof NoRouteToHostException
                        || t instanceof SSLException) {
                    return UNREACHABLE;
                }
                // OkHttp's whole-call timeout is a bare InterruptedIOException("timeout").
                if (t instanceof InterruptedIOException) {
                    return TIMEOUT;
                }
            }
            return OTHER;
        }
    }

    private final int code;
    private final Kind kind;
    private final int retryAfterSeconds;

    /**
     * @param code HTTP status, or 0 for a transport failure
     */
    public LeaseApiException(int code, Kind kind, String message, Throwable cause) {
        this(code, kind, message, cause, -1);
    }

    private LeaseApiException(
            int code, Kind kind, String message, Throwable cause, int retryAfterSeconds) {
        super(message, cause);
        this.code = code;
        this.kind = kind;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** An HTTP error response. */
    public static LeaseApiException ofStatus(int code, String message) {
        return ofStatus(code, message, -1);
    }

    /**
     * An HTTP error response with its {@code Retry-After} header, whole seconds (-1: none). Kept
     * only where client-go's {@code checkWait} honours it: on a 429 or a 5xx.
     */
    public static LeaseApiException ofStatus(int code, String message, int retryAfterSeconds) {
        int honoured = code == 429 || code >= 500 ? retryAfterSeconds : -1;
        return new LeaseApiException(
                code,
                Kind.ofStatus(code),
                honoured < 0 ? message : message + " (Retry-After: " + honoured + " s)",
                null,
                honoured);
    }

    /** A transport failure (connect, DNS, TLS, timeout): code 0. */
    public static LeaseApiException ofTransport(String message, IOException cause) {
        return new LeaseApiException(0, Kind.ofTransport(cause), message + ": " + cause, cause);
    }

    /** HTTP status code; 0 for transport failures. */
    public int code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The server pushes back: it shed the call (429) or could not serve it (5xx). Retrying at once
     * would add to its load, so the elector backs off ({@link ElectionSettings#pushbackNanos}).
     */
    public boolean isPushback() {
        return code == 429 || (code >= 500 && code <= 599);
    }

    /** The server's {@code Retry-After}, seconds; -1 when it sent none (or not on a 429/5xx). */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
