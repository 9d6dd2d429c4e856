package io.leadergate.agent.instrument;

import java.util.regex.Pattern;

/**
 * A glob over binary class names ({@code com.acme.Outer$Inner}): {@code *} matches any characters
 * within one dot-separated segment, {@code **} any characters including dots. {@code com.acme.*}
 * matches the classes of one package, {@code com.acme.**} those of a package and its subpackages. A
 * glob without wildcards is an exact name.
 */
final class ClassNamePattern {

    private final String text;
    private final Pattern regex;

    private ClassNamePattern(String text, Pattern regex) {
        this.text = text;
        this.regex = regex;
    }

    /**
     * @throws IllegalArgumentException saying what is wrong, to follow "pattern 'x' "
     */
    static ClassNamePattern parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("has no class name");
        }
        if (text.contains("***")) {
            throw new IllegalArgumentException(
                    "has '***'; use '*' within a name segment or '**' across packages");
        }
        String[] segments = text.split("\\.", -1);
        for (String segment : segments) {
            checkSegment(segment);
        }
        return new ClassNamePattern(text, Pattern.compile(Globs.toRegex(text, "[^.]*", ".*")));
    }

    private static void checkSegment(String segment) {
        if (segment.isEmpty()) {
            throw new IllegalArgumentException(
                    "has an empty name segment (a leading, trailing or doubled '.')");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            boolean valid =
                    c == '*'
                            || (i == 0
                                    ? Character.isJavaIdentifierStart(c)
                                    : Character.isJavaIdentifierPart(c));
            if (!valid) {
                throw new IllegalArgumentException(
                        "has '" + c + "' in the class name, which is not allowed there");
            }
        }
    }

    boolean matches(String className) {
        return regex.matcher(className).matches();
    }

    boolean hasWildcard() {
        return text.indexOf('*') >= 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
