package io.leadergate.agent.instrument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One entry of {@code leadergate.gate.methods}: {@code <class glob>#<method glob>[(<parameter
 * types>)]}, for example {@code com.acme.Reports#nightly}, {@code com.acme.jobs.*#run*} or {@code
 * com.acme.Cache#warm(java.lang.String)}.
 *
 * <p>The class part is a {@link ClassNamePattern} matched against the method's declaring class; the
 * method glob's {@code *} matches any characters of a method name. Without a parameter list every
 * overload matches; with one, exactly the overload whose erased parameter types are the listed
 * fully-qualified names ({@code int}, {@code java.lang.String[]}, {@code java.lang.String...}).
 */
final class MethodPattern {

    private final String text;
    private final ClassNamePattern type;
    private final Pattern method;
    private final boolean wildcard;

    /** Erased parameter type names; null when any overload matches. */
    private final List<String> parameters;

    private MethodPattern(
            String text,
            ClassNamePattern type,
            Pattern method,
            boolean wildcard,
            List<String> parameters) {
        this.text = text;
        this.type = type;
        this.method = method;
        this.wildcard = wildcard;
        this.parameters = parameters;
    }

    /**
     * @throws IllegalArgumentException saying what is wrong, to follow "pattern 'x' "
     */
    static MethodPattern parse(String text) {
        String pattern = text.trim();
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        if (pattern.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("contains white space");
        }
        int hash = pattern.indexOf('#');
        if (hash < 0 || hash != pattern.lastIndexOf('#')) {
            throw new IllegalArgumentException(
                    "needs exactly one '#' between class and method, as in com.acme.Reports#nightly");
        }
        int open = pattern.indexOf('(', hash);
        String methodGlob =
                open < 0 ? pattern.substring(hash + 1) : pattern.substring(hash + 1, open);
        checkMethodGlob(methodGlob);
        List<String> parameters = open < 0 ? null : parameters(pattern.substring(open));
        ClassNamePattern type = ClassNamePattern.parse(pattern.substring(0, hash));
        Pattern method = Pattern.compile(Globs.toRegex(methodGlob, ".*", ".*"));
        return new MethodPattern(
                pattern,
                type,
                method,
                type.hasWildcard() || methodGlob.indexOf('*') >= 0,
                parameters);
    }

    private static void checkMethodGlob(String glob) {
        if (glob.isEmpty()) {
            throw new IllegalArgumentException("has no method name after '#'");
        }
        if (glob.equals("<init>") || glob.equals("<clinit>")) {
            throw new IllegalArgumentException(
                    "names a constructor or initializer, which cannot be gated (it must run to build the object)");
        }
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c != '*'
                    && !(i == 0
                            ? Character.isJavaIdentifierStart(c)
                            : Character.isJavaIdentifierPart(c))) {
                throw new IllegalArgumentException(
                        "has '" + c + "' in the method name, which is not allowed there");
            }
        }
    }

    /** {@code (a.B,int[])} → {@code [a.B, int[]]}; varargs {@code X...} are {@code X[]}. */
    private static List<String> parameters(String list) {
        if (!list.endsWith(")") || list.indexOf(')') != list.length() - 1) {
            throw new IllegalArgumentException(
                    "has a parameter list that does not end with ')' at the end of the pattern");
        }
        String inside = list.substring(1, list.length() - 1);
        if (inside.isEmpty()) {
            return Collections.emptyList();
        }
        List<String> types = new ArrayList<>();
        for (String parameter : inside.split(",", -1)) {
            types.add(parameterType(parameter));
        }
        return Collections.unmodifiableList(types);
    }

    private static String parameterType(String parameter) {
        String type =
                parameter.endsWith("...")
                        ? parameter.substring(0, parameter.length() - 3) + "[]"
                        : parameter;
        String element = type;
        while (element.endsWith("[]")) {
            element = element.substring(0, element.length() - 2);
        }
        if (element.isEmpty()) {
            throw new IllegalArgumentException("has an empty parameter type");
        }
        if (element.indexOf('*') >= 0) {
            throw new IllegalArgumentException(
                    "has a wildcard in a parameter type; parameter types must be fully-qualified names");
        }
        if (element.indexOf('<') >= 0) {
            throw new IllegalArgumentException(
                    "has a generic parameter type '"
                            + parameter
                            + "'; write its erasure, such as java.util.List");
        }
        try {
            ClassNamePattern.parse(element);
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException(
                    "has an invalid parameter type '"
                            + parameter
                            + "': it "
                            + invalid.getMessage());
        }
        if (element.indexOf('.') < 0 && !PRIMITIVES.contains(element)) {
            throw new IllegalArgumentException(
                    "has parameter type '"
                            + parameter
                            + "', which is neither a primitive nor "
                            + "fully qualified (write java.lang.String, not String)");
        }
        return type;
    }

    private static final List<String> PRIMITIVES =
            List.of("boolean", "byte", "char", "short", "int", "long", "float", "double");

    boolean matchesType(ClassFacts type) {
        return this.type.matches(type.name());
    }

    boolean matches(ClassFacts.Method candidate) {
        return type.matches(candidate.declaringType().name())
                && method.matcher(candidate.name()).matches()
                && (parameters == null || parameters.equals(candidate.parameterTypes()));
    }

    /** Whether the pattern has a {@code *} anywhere (then matching nothing is less surprising). */
    boolean hasWildcard() {
        return wildcard;
    }

    @Override
    public String toString() {
        return text;
    }
}
