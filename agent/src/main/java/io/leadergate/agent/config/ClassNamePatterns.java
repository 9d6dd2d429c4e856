package io.leadergate.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A comma-separated list of class name patterns, such as {@code com.acme.jobs.*, com.acme.**,
 * com.acme.PurgeJob}: a class matches if any pattern matches its binary name ({@code Outer$Inner}).
 * {@code *} matches within one package segment (no dot), {@code **} across segments (any text),
 * anything else literally. So {@code com.acme.jobs.*} is the classes of one package,
 * {@code com.acme.**} a package and all below it, {@code **.PurgeJob} that simple name anywhere.
 *
 * <p>Immutable; parsing rejects anything that cannot be a class name pattern, with the reason.
 */
public final class ClassNamePatterns {

    /** Dotted segments of identifier characters, {@code $} and {@code *}; at most two stars in a row. */
    private static final Pattern WELL_FORMED =
            Pattern.compile("(?:[\\p{javaJavaIdentifierPart}*]+)(?:\\.[\\p{javaJavaIdentifierPart}*]+)*");

    /** The {@link ValueType} of keys holding such a list. */
    public static final ValueType<ClassNamePatterns> TYPE = new ValueType<ClassNamePatterns>() {
        @Override
        public ClassNamePatterns parse(String text) {
            return ClassNamePatterns.parse(text);
        }
    };

    private final List<String> patterns;
    private final Pattern compiled;

    private ClassNamePatterns(List<String> patterns, Pattern compiled) {
        this.patterns = patterns;
        this.compiled = compiled;
    }

    /** @throws IllegalArgumentException naming the first malformed pattern and the syntax expected */
    public static ClassNamePatterns parse(String text) {
        List<String> patterns = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        for (String part : text.split(",", -1)) {
            String pattern = part.trim();
            if (pattern.isEmpty()) {
                continue;
            }
            if (!WELL_FORMED.matcher(pattern).matches() || pattern.contains("***")) {
                throw new IllegalArgumentException("'" + pattern + "' is not a class name pattern; expected dotted "
                        + "names where * matches within one package segment and ** across packages, "
                        + "e.g. com.acme.jobs.*, com.acme.**, com.acme.PurgeJob");
            }
            patterns.add(pattern);
            regex.append(regex.length() == 0 ? "" : "|").append(toRegex(pattern));
        }
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("names no class; expected one or more comma-separated patterns such as "
                    + "com.acme.jobs.*, or leave it unset to select every class");
        }
        return new ClassNamePatterns(Collections.unmodifiableList(patterns), Pattern.compile(regex.toString()));
    }

    private static String toRegex(String pattern) {
        StringBuilder regex = new StringBuilder("(?:");
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^.]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.append(')').toString();
    }

    /** Whether {@code className} (binary name, dotted) matches any of the patterns. */
    public boolean matches(String className) {
        return compiled.matcher(className).matches();
    }

    public List<String> patterns() {
        return patterns;
    }

    /** As a user would write it: {@code com.acme.jobs.*,com.acme.PurgeJob}. */
    @Override
    public String toString() {
        return String.join(",", patterns);
    }
}
