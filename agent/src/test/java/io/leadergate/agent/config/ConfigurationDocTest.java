package io.leadergate.agent.config;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md must show the registry's table verbatim. To regenerate it: {@code mvn -pl
 * agent test -Dtest=ConfigurationDocTest -Dleadergate.docs.write=true}.
 */
class ConfigurationDocTest {

    /** Surefire runs with basedir = the agent module; the docs live one level up. */
    static Path docPath() {
        return Paths.get(System.getProperty("basedir", "."))
                .toAbsolutePath()
                .resolve("../docs/configuration.md")
                .normalize();
    }

    @Test
    void docsContainTheKeyTableRenderedFromTheRegistry() throws IOException {
        Path doc = docPath();
        String text = new String(Files.readAllBytes(doc), StandardCharsets.UTF_8);
        String section = KeyTable.section(ConfigKeys.all());
        if (text.contains(section)) {
            return;
        }
        if (Boolean.getBoolean("leadergate.docs.write")) {
            int start = text.indexOf(KeyTable.START_MARKER);
            int end = text.indexOf(KeyTable.END_MARKER);
            assertTrue(
                    start >= 0 && end > start,
                    doc
                            + " lacks the markers "
                            + KeyTable.START_MARKER
                            + " / "
                            + KeyTable.END_MARKER);
            String updated =
                    text.substring(0, start)
                            + section
                            + text.substring(end + KeyTable.END_MARKER.length());
            Files.write(doc, updated.getBytes(StandardCharsets.UTF_8));
            return;
        }
        fail(
                doc
                        + " does not contain the key table rendered from ConfigKeys. Regenerate it with\n"
                        + "  mvn -pl agent test -Dtest=ConfigurationDocTest -Dleadergate.docs.write=true\n"
                        + "Expected, between the markers:\n"
                        + section);
    }
}
