package io.leadergate.agent.instrument;

import java.net.URL;

/**
 * An application class loader whose classes were compiled against leadergate-annotations but that
 * runs without it (Maven {@code provided}, Gradle {@code compileOnly}): a {@link ChildFirstLoader}
 * (its own copy of the fixtures) that neither loads nor finds as a resource any {@code
 * io.leadergate.LeaderOnly}, {@code NotLeaderException} or {@code Leadership}.
 */
final class LoaderWithoutAnnotations extends ChildFirstLoader {

    private static final String[] HIDDEN = {
        "io.leadergate.LeaderOnly", "io.leadergate.NotLeaderException", "io.leadergate.Leadership"
    };

    LoaderWithoutAnnotations() {
        super("without-annotations-test");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (hidden(name)) {
            throw new ClassNotFoundException(
                    name + " (hidden: leadergate-annotations is not on this loader's class path)");
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        return name.endsWith(".class")
                        && hidden(name.substring(0, name.length() - 6).replace('/', '.'))
                ? null
                : super.getResource(name);
    }

    private static boolean hidden(String className) {
        for (String hidden : HIDDEN) {
            if (className.equals(hidden) || className.startsWith(hidden + "$")) {
                return true;
            }
        }
        return false;
    }

    /** A new instance of this loader's copy of {@code fixture}. */
    Object newInstance(Class<?> fixture) {
        try {
            return loadClass(fixture.getName()).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Calls the public no-argument {@code method} on an instance of this loader's copy; rethrows
     * what it throws.
     */
    static Object call(Object target, String method) throws Throwable {
        try {
            return target.getClass().getMethod(method).invoke(target);
        } catch (java.lang.reflect.InvocationTargetException thrown) {
            throw thrown.getCause();
        }
    }

    static int intField(Object target, String field) {
        try {
            return target.getClass().getField(field).getInt(target);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
