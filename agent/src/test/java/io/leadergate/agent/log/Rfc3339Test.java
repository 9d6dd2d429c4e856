package io.leadergate.agent.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.leadergate.agent.election.MicroTime;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The arithmetic against java.time over many random instants, offsets and fraction widths. */
class Rfc3339Test {

    private static final DateTimeFormatter MICRO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final long MIN = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long MAX = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    private final Random random = new Random(20261202);

    private Instant randomInstant() {
        long second =
                random.nextInt(4) == 0
                        ? MIN + (long) (random.nextDouble() * (MAX - MIN))
                        : 1_700_000_000L + random.nextInt(400_000_000); // years near now
        return Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
    }

    @Test
    void formatsAsDateTimeFormatterAndInstantToString() {
        for (int i = 0; i < 200_000; i++) {
            Instant instant = randomInstant();
            if (i % 3 == 0) {
                instant = instant.truncatedTo(ChronoUnit.MILLIS);
            } else if (i % 3 == 1) {
                instant = instant.truncatedTo(ChronoUnit.MICROS);
            }
            assertEquals(
                    MICRO.format(instant.truncatedTo(ChronoUnit.MICROS)),
                    MicroTime.format(instant));
            assertEquals(
                    instant.toString(),
                    Rfc3339.appendInstant(
                                    new StringBuilder(),
                                    instant.getEpochSecond(),
                                    instant.getNano())
                            .toString());
        }
        assertEquals("1970-01-01T00:00Z".replace("00Z", "00:00Z"), Instant.EPOCH.toString());
        assertEquals("1970-01-01T00:00:00.000000Z", MicroTime.format(Instant.EPOCH));
    }

    @Test
    void parsesWhatIsoOffsetDateTimeParses() {
        for (int i = 0; i < 200_000; i++) {
            Instant instant = randomInstant();
            int offsetMinutes =
                    random.nextInt(4) == 0 ? 0 : random.nextInt(18 * 60 * 2 + 1) - 18 * 60;
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
            OffsetDateTime local = instant.atOffset(offset);
            if (local.getYear() < 0 || local.getYear() > 9999) {
                continue;
            }
            int digits = random.nextInt(10);
            StringBuilder pattern = new StringBuilder("uuuu-MM-dd'T'HH:mm:ss");
            if (digits > 0) {
                pattern.append('.').append("S".repeat(digits));
            }
            pattern.append(random.nextBoolean() ? "xxx" : "XXX"); // +00:00 or Z
            String text = DateTimeFormatter.ofPattern(pattern.toString()).format(local);
            Instant expected =
                    OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            assertEquals(expected, MicroTime.parseOrNull(text), text);
        }
    }

    @Test
    void parsesWhatGoAndTheOtherClientsWrite() {
        String[] texts = {
            "2026-01-30T10:00:10.123456Z", // client-go MicroTime
            "2026-01-30T10:00:10.000000Z",
            "2026-01-30T10:00:10Z", // metav1.Time, RFC 3339 without fraction
            "2026-01-30T10:00:10.12Z", // Go's RFC3339Nano drops trailing zeros
            "2026-01-30T11:00:10.123456+01:00",
            "2026-01-30T05:30:10.123456789-04:30",
            "2026-01-30t10:00:10.5z",
            "2026-01-30T10:00Z", // ISO_LOCAL_TIME's seconds are optional
            "2026-01-30T10:00:10.Z", // and so are the fraction's digits
            "2024-02-29T23:59:59.999999999+18:00",
            "2026-01-30T10:00:10.123456+05:30:15"
        };
        for (String text : texts) {
            assertEquals(
                    OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant(),
                    MicroTime.parseOrNull(text),
                    text);
        }
    }

    @Test
    void rejectsWhatIsoOffsetDateTimeRejects() {
        String[] texts = {
            "2026-01-30T10:00:10.123456", // no offset
            "2026-01-30 10:00:10Z",
            "2026-02-29T10:00:10Z", // not a leap year
            "2026-04-31T10:00:10Z",
            "2026-13-01T10:00:10Z",
            "2026-00-01T10:00:10Z",
            "2026-01-30T24:00:00Z",
            "2026-01-30T10:60:00Z",
            "2026-01-30T10:00:60Z",
            "2026-01-30T10:00:10.1234567890Z", // ten digits
            "2026-01-30T10:00:10+19:00",
            "2026-01-30T10:00:10+01:60",
            "2026-01-30T10:00:10Zjunk",
            "26-01-30T10:00:10Z",
            "2026-1-30T10:00:10Z",
            "2026-01-30T10:00:1Z",
            "2026-01-30T10:00:10.12a456Z",
            "not a time",
            "2026-01-30T10:00:10.123456Z ",
            "２026-01-30T10:00:10Z"
        };
        for (String text : texts) {
            boolean javaTimeRejects;
            try {
                OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                javaTimeRejects = false;
            } catch (DateTimeParseException e) {
                javaTimeRejects = true;
            }
            assertEquals(true, javaTimeRejects, text);
            assertNull(MicroTime.parseOrNull(text), text);
        }
        assertNull(MicroTime.parseOrNull(null));
        assertNull(MicroTime.parseOrNull(""));
        assertArrayEquals(new long[] {0, 0}, Rfc3339.parse("1970-01-01T00:00:00Z"));
    }
}
