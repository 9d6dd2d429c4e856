package io.leadergate.agent.config;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the kubeconfig the way client-java's {@code ClientBuilder.standard()} does, so that what we
 * report is what the API client will use: the first entry of {@code KUBECONFIG} if that file exists,
 * else {@code $HOME/.kube/config} if it exists, else none (in-cluster service account).
 */
final class KubeconfigLocation {

    private KubeconfigLocation() {}

    /** @param configured {@code leadergate.kubeconfig}, or null; it wins even if missing (resolution reports that) */
    static Optional<Derived<Path>> find(Path configured, Map<String, String> environment, HostEnvironment host) {
        if (configured != null) {
            return Optional.of(new Derived<>(configured, "set by " + ConfigKeys.KUBECONFIG.name()));
        }
        Optional<Path> fromEnv = firstEntry(environment.get("KUBECONFIG"));
        if (fromEnv.isPresent() && host.isRegularFile(fromEnv.get())) {
            return Optional.of(new Derived<>(fromEnv.get(), "from KUBECONFIG"));
        }
        Path home = homeDirectory(environment, host);
        Path inHome = home.resolve(".kube").resolve("config");
        if (host.isRegularFile(inHome)) {
            return Optional.of(new Derived<>(inHome, "from ~/.kube/config"));
        }
        return Optional.empty();
    }

    private static Optional<Path> firstEntry(String pathList) {
        if (pathList == null) {
            return Optional.empty();
        }
        String first = pathList.split(File.pathSeparator, -1)[0].trim();
        try {
            return first.isEmpty() ? Optional.empty() : Optional.of(Paths.get(first));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static Path homeDirectory(Map<String, String> environment, HostEnvironment host) {
        String home = environment.get("HOME");
        if (home != null && !home.trim().isEmpty()) {
            try {
                return Paths.get(home.trim());
            } catch (InvalidPathException e) {
                // fall through to the JVM's idea of home
            }
        }
        return host.userHome();
    }
}
