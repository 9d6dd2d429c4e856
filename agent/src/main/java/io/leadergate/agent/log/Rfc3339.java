package io.leadergate.agent.log;

/**
 * RFC 3339 timestamps in UTC, written and read by calendar arithmetic (Hinnant's days-from-civil)
 * rather than {@code java.time.format}: {@code DateTimeFormatter}, {@code OffsetDateTime} and
 * {@code Instant.toString()} load ~80 classes of formatting machinery into the app's JVM for the
 * agent's log lines and the Lease's two timestamps. Years 0000 to 9999.
 */
public final class Rfc3339 {

    private static final long SECONDS_PER_DAY = 86_400;

    private Rfc3339() {}

    /**
     * Appends {@code yyyy-MM-ddTHH:mm:ss}, then {@code fractionDigits} digits of the fraction
     * (truncated; none for 0, no dot then), then {@code Z}.
     */
    public static StringBuilder append(
            StringBuilder out, long epochSecond, int nanos, int fractionDigits) {
        long days = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra =
                (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        digits(out, year, 4).append('-');
        digits(out, month, 2).append('-');
        digits(out, day, 2).append('T');
        digits(out, secondOfDay / 3600, 2).append(':');
        digits(out, secondOfDay / 60 % 60, 2).append(':');
        digits(out, secondOfDay % 60, 2);
        if (fractionDigits > 0) {
            out.append('.');
            int divisor = 1;
            for (int i = fractionDigits; i < 9; i++) {
                divisor *= 10;
            }
            digits(out, nanos / divisor, fractionDigits);
        }
        return out.append('Z');
    }

    /**
     * As {@code Instant.toString()} writes it: the fraction in groups of three digits, as many as
     * it needs (none when zero).
     */
    public static StringBuilder appendInstant(StringBuilder out, long epochSecond, int nanos) {
        int digits = nanos == 0 ? 0 : nanos % 1000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
        return append(out, epochSecond, nanos, digits);
    }

    private static StringBuilder digits(StringBuilder out, long value, int width) {
        String text = Long.toString(value);
        for (int i = text.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(text);
    }

    /**
     * Parses what {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME} accepts in years 0000 to 9999:
     * {@code yyyy-MM-ddTHH:mm[:ss[.f{0,9}]]} then {@code Z} or {@code ±HH:mm[:ss]} ({@code T} and
     * {@code Z} in either case), every field in range (day within its month, no second 60, offset
     * within ±18:00).
     *
     * @return {epochSecond, nanos}, or null if the text is not of that form
     */
    public static long[] parse(String text) {
        Cursor c = new Cursor(text);
        int year = c.number(4);
        int month = c.expect('-') ? c.number(2) : -1;
        int day = c.expect('-') ? c.number(2) : -1;
        boolean t = c.expectEither('T', 't');
        int hour = t ? c.number(2) : -1;
        int minute = c.expect(':') ? c.number(2) : -1;
        int second = 0;
        int nanos = 0;
        if (c.peek() == ':') {
            c.expect(':');
            second = c.number(2);
            if (c.peek() == '.') {
                c.expect('.');
                int digits = 0;
                while (c.peek() >= '0' && c.peek() <= '9' && digits < 9) {
                    nanos = nanos * 10 + (c.next() - '0');
                    digits++;
                }
                for (int i = digits; i < 9; i++) {
                    nanos *= 10;
                }
            }
        }
        int offsetSeconds;
        char sign = c.peek();
        if (sign == 'Z' || sign == 'z') {
            c.next();
            offsetSeconds = 0;
        } else if (sign == '+' || sign == '-') {
            c.next();
            int offsetHours = c.number(2);
            int offsetMinutes = c.expect(':') ? c.number(2) : -1;
            int offsetSecs = 0;
            if (c.peek() == ':') {
                c.expect(':');
                offsetSecs = c.number(2);
            }
            if (offsetHours < 0
                    || offsetMinutes < 0
                    || offsetMinutes > 59
                    || offsetSecs < 0
                    || offsetSecs > 59) {
                return null;
            }
            offsetSeconds = offsetHours * 3600 + offsetMinutes * 60 + offsetSecs;
            if (offsetSeconds > 18 * 3600) {
                return null;
            }
            offsetSeconds = sign == '-' ? -offsetSeconds : offsetSeconds;
        } else {
            return null;
        }
        if (!c.atEnd()
                || year < 0
                || month < 1
                || month > 12
                || day < 1
                || day > daysInMonth(year, month)
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return null;
        }
        long epochDay = daysFromCivil(year, month, day);
        long epochSecond =
                epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second - offsetSeconds;
        return new long[] {epochSecond, nanos};
    }

    private static long daysFromCivil(long year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    private static int daysInMonth(int year, int month) {
        if (month == 2) {
            boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            return leap ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /** Reads fixed-width fields; a field that is not all ASCII digits reads as -1. */
    private static final class Cursor {
        private final String text;
        private int at;

        Cursor(String text) {
            this.text = text;
        }

        char peek() {
            return at < text.length() ? text.charAt(at) : '\0';
        }

        char next() {
            return text.charAt(at++);
        }

        boolean atEnd() {
            return at == text.length();
        }

        boolean expect(char expected) {
            if (peek() != expected) {
                at = text.length() + 1; // nothing further matches
                return false;
            }
            at++;
            return true;
        }

        boolean expectEither(char a, char b) {
            return peek() == b ? expect(b) : expect(a);
        }

        int number(int width) {
            if (at + width > text.length()) {
                at = text.length() + 1;
                return -1;
            }
            int value = 0;
            for (int i = 0; i < width; i++) {
                char ch = text.charAt(at + i);
                if (ch < '0' || ch > '9') {
                    at = text.length() + 1;
                    return -1;
                }
                value = value * 10 + (ch - '0');
            }
            at += width;
            return value;
        }
    }
}
