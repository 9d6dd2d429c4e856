package io.leadergate.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Ages as apimachinery's HumanDuration prints them, and which Accept headers ask for a Table. */
class TablesTest {

    @Test
    void agesReadAsKubectlPrintsThem() {
        assertEquals("0s", Tables.humanDuration(Duration.ofMillis(-500)));
        assertEquals("<invalid>", Tables.humanDuration(Duration.ofSeconds(-5)));
        assertEquals("119s", Tables.humanDuration(Duration.ofSeconds(119)));
        assertEquals("2m", Tables.humanDuration(Duration.ofSeconds(120)));
        assertEquals("9m59s", Tables.humanDuration(Duration.ofSeconds(599)));
        assertEquals("179m", Tables.humanDuration(Duration.ofMinutes(179)));
        assertEquals("3h", Tables.humanDuration(Duration.ofHours(3)));
        assertEquals("7h59m", Tables.humanDuration(Duration.ofMinutes(479)));
        assertEquals("47h", Tables.humanDuration(Duration.ofHours(47)));
        assertEquals("2d", Tables.humanDuration(Duration.ofHours(48)));
        assertEquals("7d23h", Tables.humanDuration(Duration.ofHours(191)));
        assertEquals("729d", Tables.humanDuration(Duration.ofDays(729)));
        assertEquals("2y", Tables.humanDuration(Duration.ofDays(730)));
        assertEquals("<unknown>", Tables.age(null, java.time.Instant.now()));
    }

    @Test
    void onlyAMetaTableMediaTypeAsksForATable() {
        assertEquals(
                "v1",
                Tables.requestedVersion(
                        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"));
        assertEquals(
                "v1beta1",
                Tables.requestedVersion("application/json;as=Table;v=v1beta1;g=meta.k8s.io"));
        assertNull(Tables.requestedVersion("application/json, */*"));
        assertNull(Tables.requestedVersion(null));
        assertNull(Tables.requestedVersion("application/json;as=Table;v=v1;g=example.com"));
    }
}
