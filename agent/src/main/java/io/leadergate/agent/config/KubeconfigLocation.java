package io.leadergate.agent.config;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the kubeconfig files as client-go's {@code ClientConfigLoadingRules} does, so that what we
 * use is what kubectl would: {@code leadergate.kubeconfig} (one file, which must exist), else every
 * existing file {@code KUBECONFIG} lists, in order (missing and empty entries skipped, repeats
 * dropped; {@link Kubeconfig} merges them), else {@code $HOME/.kube/config} if it exists, else none
 * (in-cluster service account).
 *
 * <p>Where client-go would quietly go on, {@link #problem} stops the election instead: a {@code
 * KUBECONFIG} none of whose files exists (client-go warns and loads an empty config), and no
 * kubeconfig outside a pod (client-java's last resort is {@code http://localhost:8080}, which is
 * never what a user meant).
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
        List<Path> listed = entries(kubeconfigVariable);
        if (!listed.isEmpty() && existing(listed, host).isEmpty()) {
            return Optional.of(
                    "environment variable KUBECONFIG=\""
                            + SuppliedValue.shown(kubeconfigVariable)
                            + "\": "
                            + (listed.size() == 1
                                    ? "no such file " + listed.get(0)
                                    : "none of its files exists (" + joined(listed) + ")")
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
     * The files to merge, in order, and where the list came from; empty means in-cluster (or, with
     * a {@code KUBECONFIG} none of whose files exists, {@link #problem}).
     *
     * @param configured {@code leadergate.kubeconfig}, or null; it wins even if missing (resolution
     *     reports that)
     */
    static Optional<Derived<List<Path>>> find(
            Path configured, Map<String, String> environment, HostEnvironment host) {
        if (configured != null) {
            return Optional.of(
                    new Derived<>(
                            Collections.singletonList(configured),
                            "set by " + ConfigKeys.KUBECONFIG.name()));
        }
        List<Path> listed = entries(environment.get("KUBECONFIG"));
        if (!listed.isEmpty()) {
            // As client-go: a KUBECONFIG that names files is the whole list; ~/.kube/config is not
            // consulted even when they are all missing.
            List<Path> existing = existing(listed, host);
            if (existing.isEmpty()) {
                return Optional.empty();
            }
            listed.removeAll(existing);
            return Optional.of(
                    new Derived<>(
                            existing,
                            listed.isEmpty()
                                    ? "from KUBECONFIG"
                                    : "from KUBECONFIG, skipping missing " + joined(listed)));
        }
        Path home = homeDirectory(environment, host);
        Path inHome = home.resolve(".kube").resolve("config");
        if (host.isRegularFile(inHome)) {
            return Optional.of(
                    new Derived<>(Collections.singletonList(inHome), "from ~/.kube/config"));
        }
        return Optional.empty();
    }

    /**
     * {@code KUBECONFIG}'s entries in order, empty ones and repeats left out as client-go leaves
     * them out (so is an entry that is no path at all).
     */
    private static List<Path> entries(String pathList) {
        Set<Path> entries = new LinkedHashSet<>();
        if (pathList != null) {
            for (String entry : pathList.split(File.pathSeparator, -1)) {
                String trimmed = entry.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                try {
                    entries.add(Paths.get(trimmed));
                } catch (InvalidPathException e) {
                    // not a file name: nothing to read
                }
            }
        }
        return new ArrayList<>(entries);
    }

    private static List<Path> existing(List<Path> listed, HostEnvironment host) {
        List<Path> existing = new ArrayList<>(listed.size());
        for (Path file : listed) {
            if (host.isRegularFile(file)) {
                existing.add(file);
            }
        }
        return existing;
    }

    static String joined(List<Path> files) {
        List<String> names = new ArrayList<>(files.size());
        for (Path file : files) {
            names.add(file.toString());
        }
        return String.join(", ", names);
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
