package io.leadergate.it.clashing;

import java.io.IOException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.jar.JarFile;

/** Which jar a class was really loaded from, and the version that jar's manifest declares. */
final class JarOrigin {

    private JarOrigin() {}

    static String jarName(Class<?> type) {
        Path jar = jarPath(type);
        return jar == null
                ? "(no jar: " + type.getClassLoader() + ")"
                : jar.getFileName().toString();
    }

    /**
     * {@code Bundle-Version} (OSGi, set by Gson and Byte Buddy), else {@code
     * Implementation-Version}.
     */
    static String bundleVersion(Class<?> type) {
        Path jar = jarPath(type);
        if (jar == null) {
            return "unknown";
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            var attributes = file.getManifest().getMainAttributes();
            String version = attributes.getValue("Bundle-Version");
            return version != null
                    ? version
                    : String.valueOf(attributes.getValue("Implementation-Version"));
        } catch (IOException e) {
            return "unreadable (" + e + ")";
        }
    }

    private static Path jarPath(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (Exception e) {
            return null;
        }
    }
}
