package io.leadergate.agent.instrument;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * Matches class loaders that can see one class file, such as {@code org/quartz/Job.class}: the
 * cheap pre-filter in front of a supertype walk, which parses class files up the hierarchy. A
 * loader without the library cannot define a subtype of it, so its classes are skipped after one
 * lookup.
 *
 * <p>The answer is cached per loader (weakly, so loaders can still be collected). A loader that
 * gains the class file after its first class was matched ({@code URLClassLoader.addURL}) keeps its
 * first answer. The bootstrap loader ({@code null}) never matches: the agent ignores it.
 */
final class LoaderCanSee {

    private final String resource;
    private final Map<ClassLoader, Boolean> answers = new WeakHashMap<>();

    /**
     * @param className binary name, e.g. {@code org.quartz.Job}
     */
    LoaderCanSee(String className) {
        this.resource = className.replace('.', '/') + ".class";
    }

    boolean matches(ClassLoader loader) {
        if (loader == null) {
            return false;
        }
        synchronized (answers) {
            Boolean known = answers.get(loader);
            if (known != null) {
                return known;
            }
        }
        boolean sees = sees(loader);
        synchronized (answers) {
            answers.put(loader, sees);
        }
        return sees;
    }

    private boolean sees(ClassLoader loader) {
        try {
            return loader.getResource(resource) != null;
        } catch (RuntimeException | LinkageError unreadable) {
            // A loader that fails lookups cannot be inspected; its classes stay ungated, as without
            // the agent.
            return false;
        }
    }

    @Override
    public String toString() {
        return "canSee(" + resource + ")";
    }
}
