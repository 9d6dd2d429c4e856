package io.leadergate.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The name and key checks written by hand (no java.util.regex on the start path) accept exactly
 * what the regular expressions they replace accepted, over many random strings.
 */
class HandWrittenPatternsTest {

    private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern LABEL_PATTERN = Pattern.compile(LABEL);
    private static final Pattern SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final Pattern KEY_SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String ALPHABET = "ab09-._Z ~é";

    @Test
    void sameAsTheRegularExpressions() {
        Random random = new Random(20261202);
        for (int i = 0; i < 300_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(9); n > 0; n--) {
                s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String text = s.toString();
            assertEquals(
                    LABEL_PATTERN.matcher(text).matches(),
                    KubernetesNames.isLabel(text, 0, text.length()),
                    text);
            assertEquals(
                    SUBDOMAIN.matcher(text).matches(), KubernetesNames.isSubdomain(text), text);
            assertEquals(KEY_SHAPE.matcher(text).matches(), AgentArguments.hasKeyShape(text), text);
        }
    }
}
