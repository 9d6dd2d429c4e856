package io.leadergate.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationSyntaxTest {

    @ParameterizedTest
    @CsvSource({
        "15s, 15000",
        "500ms, 500",
        "1m, 60000",
        "1m30s, 90000",
        "250ms, 250",
        "0.25s, 250",
        ".5s, 500",
        "1.5m, 90000",
        "1h, 3600000",
        "1h2m3s4ms, 3723004",
        "PT15S, 15000",
        "pt1m30s, 90000",
        "PT0.25S, 250",
        "' 10s ', 10000",
    })
    void acceptsGoAndIsoForms(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), DurationSyntax.parse(text));
    }

    /**
     * Whole nanoseconds are added up in a long; fractions of one (and sums beyond a long) are read
     * exactly with BigDecimal, so both ways give the same answer.
     */
    @ParameterizedTest
    @CsvSource({
        "1.5s250ms, 1750000000",
        "0.000000001s, 1",
        "1.123456789s, 1123456789",
        "0.0000000015s, 1",
        "0.0000000005s0.0000000005s, 1",
        "1.0000000009s, 1000000000",
        "0.5h, 1800000000000",
        "2.50000000000000000000m, 150000000000",
        "9223372036.854775807s, 9223372036854775807",
        "000000000000000000001s, 1000000000",
    })
    void fractionsAreExactToTheNanosecond(String text, long nanos) {
        assertEquals(Duration.ofNanos(nanos), DurationSyntax.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"15", "0.5", "-3", "+2"})
    void bareNumberIsRejectedAskingForAUnit(String text) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DurationSyntax.parse(text));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "a unit is required; expected a duration with a unit, such as 15s, "
                                        + "500ms, 1m, 1m30s, 0.25s or PT15S"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "15 s", "15sec", "s", "1m30", "15S", "1d", "abc", "15s,", "--1s", "1.2.3s", "ms"
            })
    void malformedTextIsRejectedWithTheAcceptedForms(String text) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DurationSyntax.parse(text));
        assertTrue(e.getMessage().endsWith(DurationSyntax.EXPECTED), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"P", "PT", "P1Y", "PTXS", "PT1.2.3S"})
    void malformedIsoIsRejected(String text) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DurationSyntax.parse(text));
        assertTrue(e.getMessage().startsWith("not a valid ISO-8601 duration"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void emptyIsRejected(String text) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DurationSyntax.parse(text));
        assertTrue(e.getMessage().startsWith("empty"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "99999999999999999999h",
                "300000000h",
                "9223372036.854775808s",
                "1281024h1281024h"
            })
    void hugeValuesAreRejectedNotOverflowed(String text) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DurationSyntax.parse(text));
        assertTrue(e.getMessage().startsWith("too large"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "15000, 15s",
        "90000, 1m30s",
        "250, 250ms",
        "1500, 1.5s",
        "3600000, 1h",
        "0, 0s",
        "3723004, 1h2m3.004s"
    })
    void formatsTheShortestGoSpellingThatParsesBack(long millis, String text) {
        assertEquals(text, DurationSyntax.format(Duration.ofMillis(millis)));
        assertEquals(Duration.ofMillis(millis), DurationSyntax.parse(text));
    }
}
