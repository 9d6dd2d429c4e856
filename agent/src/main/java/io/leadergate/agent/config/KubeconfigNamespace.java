package io.leadergate.agent.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The namespace of a kubeconfig's current context, as {@code kubectl} would use it. A YAML parser
 * ({@link KubeconfigYaml}) rather than a line reader, because kubeconfigs written by tools other
 * than kubectl use flow style, quoting and other indentations. Only called off the main thread.
 */
final class KubeconfigNamespace {

    private KubeconfigNamespace() {}

    /**
     * @return the current context's {@code namespace}, or empty if there is none or the text is not
     *     a kubeconfig
     */
    static Optional<String> of(String kubeconfigText) {
        try {
            Object document = KubeconfigYaml.parse(kubeconfigText);
            if (!(document instanceof Map)) {
                return Optional.empty();
            }
            Map<?, ?> config = (Map<?, ?>) document;
            Object current = config.get("current-context");
            Object contexts = config.get("contexts");
            if (!(current instanceof String) || !(contexts instanceof List)) {
                return Optional.empty();
            }
            for (Object entry : (List<?>) contexts) {
                if (entry instanceof Map && current.equals(((Map<?, ?>) entry).get("name"))) {
                    Object context = ((Map<?, ?>) entry).get("context");
                    Object namespace =
                            context instanceof Map ? ((Map<?, ?>) context).get("namespace") : null;
                    return namespace instanceof String && !((String) namespace).trim().isEmpty()
                            ? Optional.of(((String) namespace).trim())
                            : Optional.empty();
                }
            }
            return Optional.empty();
        } catch (RuntimeException | LinkageError e) {
            // Malformed YAML, or SnakeYAML absent from an unusual build: the chain goes on to
            // "default".
            return Optional.empty();
        }
    }
}
