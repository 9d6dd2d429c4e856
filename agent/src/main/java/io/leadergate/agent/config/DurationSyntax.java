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

    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

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
        BigDecimal nanos = BigDecimal.ZERO;
        int position = 0;
        while (position < t.length()) {
            part.region(position, t.length());
            if (!part.lookingAt()) {
                throw new IllegalArgumentException("expected " + EXPECTED);
            }
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(nanosPer(part.group(2))));
            if (nanos.compareTo(MAX_NANOS) > 0) {
                throw new IllegalArgumentException("too large; expected " + EXPECTED);
            }
            position = part.end();
        }
        return Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
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
            text.append(restSeconds).append('s'); // the common case, without BigDecimal in premain
        } else if (duration.getNano() != 0) {
            BigDecimal value =
                    BigDecimal.valueOf(restSeconds).add(BigDecimal.valueOf(duration.getNano(), 9));
            text.append(value.stripTrailingZeros().toPlainString()).append('s');
        }
        return text.toString();
    }

    private static boolean looksIso(String t) {
        int start = t.charAt(0) == '-' || t.charAt(0) == '+' ? 1 : 0;
        return t.length() > start && (t.charAt(start) == 'P' || t.charAt(start) == 'p');
    }

    private static BigDecimal nanosPer(String unit) {
        switch (unit) {
            case "h":
                return BigDecimal.valueOf(3_600_000_000_000L);
            case "m":
                return BigDecimal.valueOf(60_000_000_000L);
            case "s":
                return BigDecimal.valueOf(1_000_000_000L);
            default:
                return BigDecimal.valueOf(1_000_000L);
        }
    }
}
