package io.leadergate.agent.election;

import io.leadergate.agent.log.Rfc3339;
import java.time.Instant;

/**
 * Kubernetes {@code metav1.MicroTime}: RFC 3339 in UTC with exactly six fractional digits, e.g.
 * {@code 2026-01-30T10:00:10.123456Z}, the form client-go writes into Lease specs ({@code
 * 2006-01-02T15:04:05.000000Z07:00}, always in UTC). Written and read by {@link Rfc3339}'s
 * arithmetic, not {@code java.time.format}.
 */
public final class MicroTime {

    private MicroTime() {}

    /** Renders {@code instant} truncated to microseconds. */
    public static String format(Instant instant) {
        return Rfc3339.append(new StringBuilder(27), instant.getEpochSecond(), instant.getNano(), 6)
                .toString();
    }

    /**
     * Parses any RFC 3339 timestamp (any number of fractional digits up to nine, {@code Z} or an
     * offset), as {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME} did. Returns null for null or
     * unparseable text: Lease times are informational to the elector (it never decides on a remote
     * timestamp), so a malformed one must not stop the election.
     */
    public static Instant parseOrNull(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        long[] parsed = Rfc3339.parse(text);
        return parsed == null ? null : Instant.ofEpochSecond(parsed[0], parsed[1]);
    }
}
