package io.leadergate.agent.election;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Kubernetes {@code metav1.MicroTime}: RFC 3339 in UTC with exactly six fractional digits, e.g.
 * {@code 2026-01-30T10:00:10.123456Z}, the form client-go writes into Lease specs.
 */
public final class MicroTime {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private MicroTime() {}

    /** Renders {@code instant} truncated to microseconds. */
    public static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * Parses any RFC 3339 timestamp (any number of fractional digits, {@code Z} or an offset).
     * Returns null for null or unparseable text: Lease times are informational to the elector (it
     * never decides on a remote timestamp), so a malformed one must not stop the election.
     */
    public static Instant parseOrNull(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
