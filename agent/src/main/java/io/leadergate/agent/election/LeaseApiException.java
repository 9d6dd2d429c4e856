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

    /**
     * @param code HTTP status, or 0 for a transport failure
     */
    public LeaseApiException(int code, Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.kind = kind;
    }

    /** An HTTP error response. */
    public static LeaseApiException ofStatus(int code, String message) {
        return new LeaseApiException(code, Kind.ofStatus(code), message, null);
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
}
