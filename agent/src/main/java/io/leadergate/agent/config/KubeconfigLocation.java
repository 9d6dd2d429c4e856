package io.leadergate.agent.config;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the kubeconfig the way client-java's {@code ClientBuilder.standard()} does, so that what we
 * report is what the API client will use: the first entry of {@code KUBECONFIG} if that file
 * exists, else {@code $HOME/.kube/config} if it exists, else none (in-cluster service account).
 *
 * <p>Where client-java would quietly go on, {@link #problem} stops the election instead: a {@code
 * KUBECONFIG} naming a file that does not exist (client-java skips it), and no kubeconfig outside a
 * pod (client-java's last resort is {@code http://localhost:8080}, which is never what a user
 * meant).
 */
final class KubeconfigLocation {

    /**
     * The token the kubelet mounts into a pod; client-java uses the in-cluster config only when it
     * exists.
     */
    static final Path SERVICE_ACCOUNT_TOKEN =
            Paths.get("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private KubeconfigLocation() {}

    /**
     * Why no API server can be reached with the kubeconfig {@link #find} returns, or empty when it
     * can. {@code leadergate.kubeconfig} that does not exist is reported by the caller, which knows
     * where it was set.
     */
    static Optional<String> problem(
            Path configured, Map<String, String> environment, HostEnvironment host) {
        if (configured != null) {
            return Optional.empty();
        }
        String kubeconfigVariable = environment.get("KUBECONFIG");
        Optional<Path> fromEnv = firstEntry(kubeconfigVariable);
        if (fromEnv.isPresent() && !host.isRegularFile(fromEnv.get())) {
            return Optional.of(
                    "environment variable KUBECONFIG=\""
                            + SuppliedValue.shown(kubeconfigVariable)
                            + "\": no such file "
                            + fromEnv.get()
                            + "; expected a kubeconfig file, or leave KUBECONFIG unset "
                            + "for ~/.kube/config or the in-cluster service account");
        }
        if (find(null, environment, host).isPresent()
                || host.isRegularFile(SERVICE_ACCOUNT_TOKEN)) {
            return Optional.empty();
        }
        return Optional.of(
                "no kubeconfig and no in-cluster service account: LEADERGATE_KUBECONFIG and KUBECONFIG "
                        + "are unset, "
                        + homeDirectory(environment, host).resolve(".kube").resolve("config")
                        + " does not exist, and there is no service account token at "
                        + SERVICE_ACCOUNT_TOKEN
                        + "; outside a pod, set LEADERGATE_KUBECONFIG to a kubeconfig file");
    }

    /**
     * @param configured {@code leadergate.kubeconfig}, or null; it wins even if missing (resolution
     *     reports that)
     */
    static Optional<Derived<Path>> find(
            Path configured, Map<String, String> environment, HostEnvironment host) {
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
