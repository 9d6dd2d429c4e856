package io.leadergate.agent.config;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;

/**
 * Where the Lease lives when {@code leadergate.lease.namespace} is unset, first match wins: {@code
 * POD_NAMESPACE} (the downward API), the service-account namespace file every pod has, the
 * kubeconfig's current context (running outside a cluster), else {@code default}, as kubectl does.
 */
final class NamespaceChain {

    static final Path SERVICE_ACCOUNT_NAMESPACE =
            Paths.get("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    private NamespaceChain() {}

    /**
     * @param kubeconfig the kubeconfig in use (already read), if any
     */
    static Derived<String> derive(
            Map<String, String> environment,
            HostEnvironment host,
            Optional<Kubeconfig> kubeconfig) {
        String fromEnv = environment.get("POD_NAMESPACE");
        if (fromEnv != null && !fromEnv.trim().isEmpty()) {
            return new Derived<>(fromEnv.trim(), "from POD_NAMESPACE");
        }
        Optional<String> fromFile =
                host.readFile(SERVICE_ACCOUNT_NAMESPACE)
                        .map(String::trim)
                        .filter(s -> !s.isEmpty());
        if (fromFile.isPresent()) {
            return new Derived<>(fromFile.get(), "from " + SERVICE_ACCOUNT_NAMESPACE);
        }
        if (kubeconfig.isPresent()) {
            Optional<String> fromContext = kubeconfig.get().namespace();
            if (fromContext.isPresent()) {
                return new Derived<>(
                        fromContext.get(),
                        "from the current context "
                                + kubeconfig.get().currentContext()
                                + " of "
                                + kubeconfig.get().contextFile());
            }
        }
        return new Derived<>(
                "default",
                "defaulted to default (no POD_NAMESPACE, service-account file or kubeconfig namespace)");
    }
}
