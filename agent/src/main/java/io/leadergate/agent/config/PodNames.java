package io.leadergate.agent.config;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pod's name and what its shape says about the workload that owns it.
 *
 * <p>A Deployment pod is {@code <deployment>-<pod-template-hash>-<suffix>}; Kubernetes writes both
 * the hash (6–10 characters) and the 5-character suffix in its "safe" alphabet, which has no vowels
 * and no 0, 1 or 3 so that generated names never spell words. A StatefulSet pod is {@code
 * <statefulset>-<ordinal>}. Every replica of one workload therefore yields the same name.
 */
final class PodNames {

    private static final String SAFE = "[bcdfghjklmnpqrstvwxz2456789]";

    /**
     * Compiled on first use: loading this class must not load java.util.regex into the app's JVM.
     */
    private static final class Patterns {
        static final Pattern DEPLOYMENT_POD =
                Pattern.compile("(.+)-" + SAFE + "{6,10}-" + SAFE + "{5}");
        static final Pattern STATEFUL_SET_POD = Pattern.compile("(.+)-(0|[1-9][0-9]{0,8})");
    }

    static final String LEASE_SUFFIX = "-leader";

    private PodNames() {}

    /**
     * {@code POD_NAME}, else {@code HOSTNAME}, else the host name (which may take a DNS lookup).
     */
    static Optional<Derived<String>> podName(
            Map<String, String> environment, HostEnvironment host) {
        for (String variable : new String[] {"POD_NAME", "HOSTNAME"}) {
            String value = environment.get(variable);
            if (value != null && !value.trim().isEmpty()) {
                return Optional.of(new Derived<>(value.trim(), variable));
            }
        }
        return host.hostName()
                .filter(name -> !name.trim().isEmpty())
                .map(name -> new Derived<>(name.trim(), "the host name"));
    }

    /**
     * {@code my-app} for {@code my-app-7d4b9c8f5-x2k4q} or {@code my-app-0}; empty for any other
     * shape.
     */
    static Optional<String> workloadName(String podName) {
        if (podName.length() > KubernetesNames.MAX_SUBDOMAIN) {
            return Optional.empty();
        }
        for (Pattern shape : new Pattern[] {Patterns.DEPLOYMENT_POD, Patterns.STATEFUL_SET_POD}) {
            Matcher match = shape.matcher(podName);
            if (match.matches()) {
                return Optional.of(match.group(1));
            }
        }
        return Optional.empty();
    }

    /**
     * {@code my-app-leader} for a Deployment or StatefulSet pod of {@code my-app}, if that is a
     * valid Lease name.
     */
    static Optional<String> leaseNameFor(String podName) {
        return workloadName(podName)
                .map(workload -> workload + LEASE_SUFFIX)
                .filter(lease -> !KubernetesNames.subdomainProblem(lease).isPresent());
    }
}
