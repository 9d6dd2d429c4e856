package io.leadergate.agent.config;

import java.util.Random;

/**
 * {@code <pod name>_<5 random characters>}: the pod name says which replica holds the lease in
 * {@code kubectl get lease -o yaml}; the suffix keeps two JVMs in one pod (or a restarted JVM whose
 * predecessor's record is still live) from ever sharing an identity.
 */
final class IdentityDerivation {

    static final int SUFFIX_LENGTH = 5;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private IdentityDerivation() {}

    static String identity(String base, Random random) {
        StringBuilder identity =
                new StringBuilder(base.length() + 1 + SUFFIX_LENGTH).append(base).append('_');
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            identity.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return identity.toString();
    }
}
