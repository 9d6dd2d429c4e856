package io.leadergate.agent.config;

import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" for unknown key names: the nearest registry name by Damerau–Levenshtein distance.
 */
final class KeySuggestions {

    private KeySuggestions() {}

    /**
     * @param unknown the name as written, in some notation
     * @param candidates the registry's names in the same notation
     * @return the closest candidate if it is close enough to be a typo, comparing
     *     case-insensitively so {@code LEADERGATE_Lease_Name} still finds its key
     */
    static Optional<String> closest(String unknown, Iterable<String> candidates) {
        String a = unknown.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(a, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        // A third of the name, at least 2: catches dropped, doubled and swapped characters without
        // suggesting unrelated keys for names that merely share the prefix.
        int allowed = best == null ? -1 : Math.max(2, significantLength(best) / 3);
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /**
     * Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps.
     */
    static int distance(String a, String b) {
        if (a.length() > 200 || b.length() > 200) {
            return Math.abs(a.length() - b.length())
                    + 200; // never a typo; avoids a large table for junk
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int value =
                        Math.min(
                                Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1
                        && j > 1
                        && a.charAt(i - 1) == b.charAt(j - 2)
                        && a.charAt(i - 2) == b.charAt(j - 1)) {
                    value = Math.min(value, d[i - 2][j - 2] + 1);
                }
                d[i][j] = value;
            }
        }
        return d[a.length()][b.length()];
    }

    /** The part after the {@code leadergate} prefix, which is where the typo is. */
    private static int significantLength(String name) {
        String prefix = "leadergate";
        return name.regionMatches(true, 0, prefix, 0, prefix.length())
                ? name.length() - prefix.length() - 1
                : name.length();
    }
}
