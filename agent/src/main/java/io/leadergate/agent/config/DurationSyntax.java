package io.leadergate.agent.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in pod specs: Go-style sequences ({@code 15s}, {@code 500ms},
 * {@code 1m30s}, {@code 0.25s}, units {@code h m s ms}) or ISO-8601 ({@code PT15S}).
 *
 * <p>Units are required: a bare {@code 15} could mean seconds or milliseconds, and guessing wrong
 * by a factor of 1000 breaks the election's timing, so it is rejected with the accepted forms.
 */
final class DurationSyntax {

    static final String EXPECTED =
            "a duration with a unit, such as 15s, 500ms, 1m, 1m30s, 0.25s or PT15S";

    // "ms" before "m" so that 500ms is not read as 500 minutes followed by garbage.
    /**
     * Compiled on first use: loading this class must not load java.util.regex into the app's JVM.
     */
    private static final class Patterns {
        static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ms|h|m|s)");
        static final Pattern BARE_NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)");
    }

    private DurationSyntax() {}

    /**
     * @return the parsed duration, possibly zero or negative (callers decide what is allowed);
     *     fractions below one nanosecond are dropped
     * @throws IllegalArgumentException saying what was expected
     */
    static Duration parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty; expected " + EXPECTED);
        }
        if (looksIso(t)) {
            try {
                return Duration.parse(t);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "not a valid ISO-8601 duration; expected " + EXPECTED);
            }
        }
        if (Patterns.BARE_NUMBER.matcher(t).matches()) {
            throw new IllegalArgumentException("a unit is required; expected " + EXPECTED);
        }
        Matcher part = Patterns.PART.matcher(t);
        long nanos = 0;
        int position = 0;
        while (position < t.length()) {
            part.region(position, t.length());
            if (!part.lookingAt()) {
                throw new IllegalArgumentException("expected " + EXPECTED);
            }
            long partNanos = wholeNanos(part.group(1), nanosPer(part.group(2)));
            if (partNanos < 0 || nanos > Long.MAX_VALUE - partNanos) {
                return Exact.parse(t); // a fraction of a nanosecond, or too large for a long
            }
            nanos += partNanos;
            position = part.end();
        }
        return Duration.ofNanos(nanos);
    }

    /**
     * {@code number} (digits with at most one point) times {@code nanosPerUnit}, or -1 if that is
     * not a whole number of nanoseconds or does not fit a long.
     */
    private static long wholeNanos(String number, long nanosPerUnit) {
        int point = number.indexOf('.');
        String whole = point < 0 ? number : number.substring(0, point);
        String fraction = point < 0 ? "" : number.substring(point + 1);
        int digits = fraction.length();
        while (digits > 0 && fraction.charAt(digits - 1) == '0') {
            digits--;
        }
        if (whole.length() > 18 || digits > 18) {
            return -1;
        }
        long scale = 1;
        for (int i = 0; i < digits; i++) {
            scale *= 10;
        }
        if (nanosPerUnit % scale != 0) {
            return -1;
        }
        try {
            long wholeNanos =
                    whole.isEmpty() ? 0 : Math.multiplyExact(Long.parseLong(whole), nanosPerUnit);
            long fractionNanos =
                    digits == 0
                            ? 0
                            : Long.parseLong(fraction.substring(0, digits))
                                    * (nanosPerUnit / scale);
            return Math.addExact(wholeNanos, fractionNanos);
        } catch (ArithmeticException tooLarge) {
            return -1;
        }
    }

    /** The shortest Go-style spelling: {@code 15s}, {@code 1m30s}, {@code 250ms}, {@code 1.5s}. */
    static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.compareTo(Duration.ofSeconds(1)) < 0 && duration.getNano() % 1_000_000 == 0) {
            return duration.getNano() / 1_000_000 + "ms";
        }
        StringBuilder text = new StringBuilder();
        long seconds = duration.getSeconds();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
        }
        if (seconds % 3600 >= 60) {
            text.append(seconds % 3600 / 60).append('m');
        }
        long restSeconds = seconds % 60;
        if (duration.getNano() == 0 && restSeconds != 0) {
            text.append(restSeconds).append('s');
        } else if (duration.getNano() != 0) {
            String nines = String.valueOf(1_000_000_000L + duration.getNano()).substring(1);
            int digits = nines.length();
            while (nines.charAt(digits - 1) == '0') {
                digits--;
            }
            text.append(restSeconds).append('.').append(nines, 0, digits).append('s');
        }
        return text.toString();
    }

    private static boolean looksIso(String t) {
        int start = t.charAt(0) == '-' || t.charAt(0) == '+' ? 1 : 0;
        return t.length() > start && (t.charAt(start) == 'P' || t.charAt(start) == 'p');
    }

    private static long nanosPer(String unit) {
        switch (unit) {
            case "h":
                return 3_600_000_000_000L;
            case "m":
                return 60_000_000_000L;
            case "s":
                return 1_000_000_000L;
            default:
                return 1_000_000L;
        }
    }

    /**
     * The exact reading, for the rare text {@link #parse} cannot add up in a long. Apart because on
     * Java 19+ BigDecimal's class initialisation computes 5^65536 (~10 ms, and ForkJoinPool's
     * classes): never in premain for the usual values.
     */
    private static final class Exact {

        private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

        /** {@code text} is trimmed, neither ISO nor a bare number. */
        static Duration parse(String t) {
            Matcher part = Patterns.PART.matcher(t);
            BigDecimal nanos = BigDecimal.ZERO;
            int position = 0;
            while (position < t.length()) {
                part.region(position, t.length());
                if (!part.lookingAt()) {
                    throw new IllegalArgumentException("expected " + EXPECTED);
                }
                nanos =
                        nanos.add(
                                new BigDecimal(part.group(1))
                                        .multiply(BigDecimal.valueOf(nanosPer(part.group(2)))));
                if (nanos.compareTo(MAX_NANOS) > 0) {
                    throw new IllegalArgumentException("too large; expected " + EXPECTED);
                }
                position = part.end();
            }
            return Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
        }
    }
}
