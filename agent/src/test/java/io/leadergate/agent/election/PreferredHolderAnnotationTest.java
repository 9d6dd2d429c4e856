package io.leadergate.agent.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The preferred holder survives an API server that drops {@code spec.preferredHolder} (no
 * CoordinatedLeaderElection feature gate): it is mirrored in an annotation on every write and read
 * from there when the spec lacks it; a new term (no preferred holder) removes it again.
 */
class PreferredHolderAnnotationTest {

    private static final Instant NOW = Instant.parse("2026-12-02T02:00:00Z");

    private static LeaseRecord heldBy(String holder) {
        return new LeaseRecord(holder, 15, NOW, NOW, 3, null, null);
    }

    private static JsonObject annotations(String objectJson) {
        JsonObject metadata =
                JsonParser.parseString(objectJson).getAsJsonObject().getAsJsonObject("metadata");
        return metadata.getAsJsonObject("annotations");
    }

    @Test
    void aRequestIsWrittenToTheSpecAndTheAnnotation() throws Exception {
        String current =
                "{\"metadata\":{\"name\":\"l\",\"resourceVersion\":\"7\","
                        + "\"annotations\":{\"team\":\"billing\"}},"
                        + "\"spec\":{\"holderIdentity\":\"a\",\"leaseDurationSeconds\":15}}";
        LeaseSnapshot base = LeaseJson.parse(current);
        String body = LeaseJson.updatedObject("ns", "l", base, base.record().preferring("b"));
        JsonObject written = JsonParser.parseString(body).getAsJsonObject();
        assertEquals("b", written.getAsJsonObject("spec").get("preferredHolder").getAsString());
        assertEquals(
                "b", annotations(body).get(LeaseJson.PREFERRED_HOLDER_ANNOTATION).getAsString());
        assertEquals("billing", annotations(body).get("team").getAsString(), "others kept");
    }

    @Test
    void aSpecWithoutTheFieldReadsTheAnnotationAndTheDropIsNoticed() throws Exception {
        String dropped =
                "{\"metadata\":{\"name\":\"l\",\"resourceVersion\":\"8\","
                        + "\"annotations\":{\"leadergate.io/preferred-holder\":\"b\"}},"
                        + "\"spec\":{\"holderIdentity\":\"a\",\"leaseDurationSeconds\":15}}";
        LeaseSnapshot snapshot = LeaseJson.parse(dropped);
        assertEquals("b", snapshot.record().preferredHolder());
        assertEquals("b", snapshot.record().preferredOtherThan("a"), "the holder hands over");
        assertTrue(LeaseJson.specDroppedPreference(snapshot));

        String kept =
                "{\"metadata\":{\"name\":\"l\",\"annotations\":{\"leadergate.io/preferred-holder\":\"b\"}},"
                        + "\"spec\":{\"holderIdentity\":\"a\",\"preferredHolder\":\"c\","
                        + "\"strategy\":\"OldestEmulationVersion\"}}";
        LeaseSnapshot spec = LeaseJson.parse(kept);
        assertEquals("c", spec.record().preferredHolder(), "the spec field wins when present");
        assertFalse(LeaseJson.specDroppedPreference(spec));
    }

    @Test
    void aNewTermRemovesTheAnnotation() throws Exception {
        String requested =
                "{\"metadata\":{\"name\":\"l\",\"resourceVersion\":\"9\","
                        + "\"annotations\":{\"leadergate.io/preferred-holder\":\"b\"}},"
                        + "\"spec\":{\"holderIdentity\":\"\",\"leaseDurationSeconds\":15}}";
        LeaseSnapshot base = LeaseJson.parse(requested);
        String body = LeaseJson.updatedObject("ns", "l", base, heldBy("b"));
        assertFalse(annotations(body).has(LeaseJson.PREFERRED_HOLDER_ANNOTATION), body);
        assertNull(LeaseJson.parse(body).record().preferredHolder());

        String created = LeaseJson.newObject("ns", "m", heldBy("a"));
        assertFalse(
                JsonParser.parseString(created)
                        .getAsJsonObject()
                        .getAsJsonObject("metadata")
                        .has("annotations"),
                "no annotation object where none is needed");
    }
}
