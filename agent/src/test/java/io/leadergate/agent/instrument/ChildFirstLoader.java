package io.leadergate.agent.instrument;

import java.io.IOException;
import java.io.InputStream;

/**
 * Defines the fixture classes itself (a second copy of each, as a web-app or plugin loader would)
 * and delegates everything else, {@code Gate} included, to its parent.
 */
class ChildFirstLoader extends ClassLoader {

    private static final String FIXTURES = "io.leadergate.agent.instrument.fixtures.";

    ChildFirstLoader() {
        this("child-first-test");
    }

    ChildFirstLoader(String name) {
        super(name, ChildFirstLoader.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            if (!name.startsWith(FIXTURES)) {
                return super.loadClass(name, resolve);
            }
            Class<?> loaded = findLoadedClass(name);
            if (loaded != null) {
                return loaded;
            }
            try (InputStream in =
                    getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException unreadable) {
                throw new ClassNotFoundException(name, unreadable);
            }
        }
    }
}
