package io.leadergate.agent.instrument;

import java.util.regex.Pattern;

/** Glob-to-regex translation shared by the class and method patterns. */
final class Globs {

    private Globs() {}

    /** Quotes everything but {@code *} (→ {@code star}) and {@code **} (→ {@code doubleStar}). */
    static String toRegex(String glob, String star, String doubleStar) {
        StringBuilder regex = new StringBuilder();
        int literalStart = 0;
        for (int i = 0; i < glob.length(); i++) {
            if (glob.charAt(i) != '*') {
                continue;
            }
            if (i > literalStart) {
                regex.append(Pattern.quote(glob.substring(literalStart, i)));
            }
            boolean twice = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
            regex.append(twice ? doubleStar : star);
            i += twice ? 1 : 0;
            literalStart = i + 1;
        }
        if (literalStart < glob.length()) {
            regex.append(Pattern.quote(glob.substring(literalStart)));
        }
        return regex.toString();
    }
}
