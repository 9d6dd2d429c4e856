package io.leadergate.agent.config;

import io.leadergate.agent.election.ElectionSettings;
import io.leadergate.agent.log.AgentLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a loaded {@link AgentConfig} into {@link ElectionSettings}, deriving what was not set. Runs
 * on the agent's own thread because it reads files and may look up the host name.
 */
final class ElectionResolver {

    private static final String STAYS_OFF = "; leader-only work stays off on this replica";

    private final AgentConfig config;
    private final Map<String, String> environment;
    private final HostEnvironment host;
    private final List<String> origins = new ArrayList<>();

    ElectionResolver(AgentConfig config, Map<String, String> environment, HostEnvironment host) {
        this.config = config;
        this.environment = environment;
        this.host = host;
    }

    ElectionResolution resolve() {
        try {
            return resolveOrExplain();
        } catch (RuntimeException | LinkageError unexpected) {
            return notElecting("could not work out the election settings (" + unexpected + ")");
        }
    }

    private ElectionResolution resolveOrExplain() {
        if (!config.enabled()) {
            return ElectionResolution.doNotElect(
                    "disabled by " + config.describe(ConfigKeys.ENABLED), origins);
        }
        if (!config.electionBlockers().isEmpty()) {
            return notElecting(
                    String.join(", ", config.electionBlockers()) + " (see the errors above)");
        }
        Optional<Derived<List<Path>>> files =
                KubeconfigLocation.find(config.get(ConfigKeys.KUBECONFIG), environment, host);
        if (config.get(ConfigKeys.KUBECONFIG) != null
                && !host.isRegularFile(config.get(ConfigKeys.KUBECONFIG))) {
            return notElecting(
                    config.originOf(ConfigKeys.KUBECONFIG)
                            + "=\""
                            + SuppliedValue.shown(config.get(ConfigKeys.KUBECONFIG).toString())
                            + "\": no such file; expected a kubeconfig file, or leave it unset for KUBECONFIG, "
                            + "~/.kube/config or the in-cluster service account");
        }
        Optional<String> unreachable =
                KubeconfigLocation.problem(config.get(ConfigKeys.KUBECONFIG), environment, host);
        if (unreachable.isPresent()) {
            return notElecting(unreachable.get());
        }
        // Read here, once: the namespace below and the transport both use this value.
        Optional<Kubeconfig> kubeconfig = Optional.empty();
        if (files.isPresent()) {
            try {
                kubeconfig = Optional.of(Kubeconfig.read(files.get().value, host));
            } catch (IOException unusable) {
                return notElecting(unusable.getMessage());
            }
            if (files.get().value.size() > 1) {
                String line =
                        "kubeconfig: merged "
                                + KubeconfigLocation.joined(files.get().value)
                                + " ("
                                + files.get().origin
                                + "); the first file to define a context, cluster or user, and the "
                                + "first to set current-context, wins";
                AgentLog.once("config: kubeconfig merged", AgentLog.Level.INFO, line);
            }
        }
        origins.add(
                "kubeconfig "
                        + files.map(
                                        found ->
                                                KubeconfigLocation.joined(found.value)
                                                        + " ("
                                                        + found.origin
                                                        + ")")
                                .orElse("none (in-cluster service account)"));

        Optional<String> leaseName = leaseName();
        if (!leaseName.isPresent()) {
            return notElecting(missingLeaseName());
        }
        if (config.get(ConfigKeys.LEASE_NAME) == null) {
            // A derived base: the overrides' collisions with it could not be checked at load.
            List<ConfigProblem> collisions = new ArrayList<>();
            config.leaseNames().checkAgainstBase(leaseName.get(), collisions);
            for (ConfigProblem collision : collisions) {
                AgentLog.once(
                        "config: " + collision.message(),
                        collision.severity(),
                        collision.message());
            }
        }
        Derived<String> namespace = namespace(kubeconfig);
        Optional<String> badNamespace = KubernetesNames.labelProblem(namespace.value);
        if (badNamespace.isPresent()) {
            return notElecting(
                    "namespace \""
                            + SuppliedValue.shown(namespace.value)
                            + "\" "
                            + namespace.origin
                            + " "
                            + badNamespace.get()
                            + "; set LEADERGATE_LEASE_NAMESPACE");
        }
        String identity = identity();
        ElectionSettings settings =
                new ElectionSettings(
                        namespace.value,
                        leaseName.get(),
                        identity,
                        config.get(ConfigKeys.LEASE_DURATION),
                        config.get(ConfigKeys.RENEW_DEADLINE),
                        config.get(ConfigKeys.RETRY_PERIOD),
                        config.get(ConfigKeys.SHUTDOWN_DRAIN));
        return ElectionResolution.elect(settings, origins, kubeconfig);
    }

    private Optional<String> leaseName() {
        String configured = config.get(ConfigKeys.LEASE_NAME);
        if (configured != null) {
            origins.add("lease name set by " + config.originOf(ConfigKeys.LEASE_NAME));
            return Optional.of(configured);
        }
        Optional<Derived<String>> pod = PodNames.podName(environment, host);
        Optional<String> derived = pod.flatMap(p -> PodNames.leaseNameFor(p.value));
        if (derived.isPresent()) {
            String line =
                    "lease name not set; derived "
                            + derived.get()
                            + " from pod name "
                            + pod.get().value
                            + " (set LEADERGATE_LEASE_NAME to choose another)";
            AgentLog.once("config: " + line, AgentLog.Level.INFO, line);
            origins.add(
                    "lease name derived from pod name "
                            + pod.get().value
                            + " ("
                            + pod.get().origin
                            + ")");
        }
        return derived;
    }

    private String missingLeaseName() {
        String pod =
                PodNames.podName(environment, host)
                        .map(
                                p ->
                                        "pod name "
                                                + SuppliedValue.shown(p.value)
                                                + " (from "
                                                + p.origin
                                                + ") is not shaped like a "
                                                + "Deployment pod (<name>-<pod-template-hash>-<5 characters>) or a StatefulSet pod "
                                                + "(<name>-<ordinal>) to derive one from")
                        .orElse(
                                "there is no pod name to derive one from (POD_NAME, HOSTNAME and the host name are all "
                                        + "unavailable)");
        return "lease name not set, and "
                + pod
                + "; set LEADERGATE_LEASE_NAME (or -Dleadergate.lease.name) to the Lease the replicas share, "
                + "e.g. my-app-leader";
    }

    private Derived<String> namespace(Optional<Kubeconfig> kubeconfig) {
        String configured = config.get(ConfigKeys.LEASE_NAMESPACE);
        Derived<String> namespace =
                configured != null
                        ? new Derived<>(
                                configured, "set by " + config.originOf(ConfigKeys.LEASE_NAMESPACE))
                        : NamespaceChain.derive(environment, host, kubeconfig);
        origins.add("namespace " + namespace.origin);
        return namespace;
    }

    private String identity() {
        String configured = config.get(ConfigKeys.IDENTITY);
        if (configured != null) {
            origins.add("identity set by " + config.originOf(ConfigKeys.IDENTITY));
            return configured;
        }
        String podName = environment.get("POD_NAME");
        String base;
        String from;
        if (podName != null && !podName.trim().isEmpty()) {
            base = podName.trim();
            from = "POD_NAME";
        } else {
            Optional<Derived<String>> name = PodNames.podName(environment, host);
            base = name.map(n -> n.value).orElse("jvm");
            from = name.map(n -> n.origin).orElse("no host name");
        }
        origins.add("identity derived from " + from + " plus a random suffix");
        return IdentityDerivation.identity(base, host.random());
    }

    private ElectionResolution notElecting(String reason) {
        AgentLog.once(
                "config: not electing: " + reason,
                AgentLog.Level.ERROR,
                AgentConfig.notElecting(reason) + STAYS_OFF);
        return ElectionResolution.doNotElect(reason, origins);
    }
}
