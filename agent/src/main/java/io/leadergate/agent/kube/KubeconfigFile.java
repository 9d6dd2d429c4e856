package io.leadergate.agent.kube;

import io.kubernetes.client.util.KubeConfig;
import io.leadergate.agent.config.KubeconfigYaml;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A kubeconfig's current context: its cluster and user entries, read as client-java's {@link
 * KubeConfig} reads them (the YAML tree its SnakeYAML safe loader would give, from {@link
 * KubeconfigYaml}; {@code *-data} fields base64, file fields relative to the kubeconfig's
 * directory). {@link KubeConfig} itself is built only for a user with an {@code exec} plugin or an
 * {@code auth-provider}, the credentials only it can obtain: its class initialiser registers the
 * GCP, Azure and OpenID Connect authenticators, which load slf4j and jose4j into every JVM that
 * merely names a token or a certificate.
 */
final class KubeconfigFile {

    final Path path;
    private final String text;
    private final String currentContext;
    private final Map<?, ?> cluster;
    private final Map<?, ?> user;

    private KubeconfigFile(
            Path path, String text, String currentContext, Map<?, ?> cluster, Map<?, ?> user) {
        this.path = path;
        this.text = text;
        this.currentContext = currentContext;
        this.cluster = cluster;
        this.user = user;
    }

    /**
     * @throws IOException unreadable, or not YAML of a kubeconfig's shape, naming the file
     */
    static KubeconfigFile read(Path kubeconfig) throws IOException {
        Path path = kubeconfig.toAbsolutePath();
        String text = Files.readString(path, StandardCharsets.UTF_8);
        try {
            Object document = KubeconfigYaml.parse(text);
            Map<?, ?> config = document == null ? Map.of() : (Map<?, ?>) document;
            String current = (String) config.get("current-context");
            Map<?, ?> context = entry(config.get("contexts"), current, "context");
            return new KubeconfigFile(
                    path,
                    text,
                    current,
                    entry(config.get("clusters"), context.get("cluster"), "cluster"),
                    entry(config.get("users"), context.get("user"), "user"));
        } catch (RuntimeException malformed) {
            throw new IOException(
                    "kubeconfig " + path + " is not a valid kubeconfig: " + malformed, malformed);
        }
    }

    /** The {@code field} object of the entry of {@code list} called {@code name}; empty if none. */
    private static Map<?, ?> entry(Object list, Object name, String field) {
        if (list != null && name != null) {
            for (Object entry : (List<?>) list) {
                Map<?, ?> named = (Map<?, ?>) entry;
                if (name.equals(named.get("name"))) {
                    Object value = named.get(field);
                    return value == null ? Map.of() : (Map<?, ?>) value;
                }
            }
        }
        return Map.of();
    }

    /** The {@code current-context}, or null. */
    String currentContext() {
        return currentContext;
    }

    /** The current cluster's {@code server}, or null. */
    String server() {
        return string(cluster, "server");
    }

    /** {@code insecure-skip-tls-verify: true} on the current cluster. */
    boolean insecure() {
        return Boolean.TRUE.equals(cluster.get("insecure-skip-tls-verify"));
    }

    /** The current cluster's CA: {@code certificate-authority-data} or the file; null if none. */
    byte[] certificateAuthority() throws IOException {
        return dataOrFile(cluster, "certificate-authority-data", "certificate-authority");
    }

    /** The current user's client certificate (data or file); null if none. */
    byte[] clientCertificate() throws IOException {
        return dataOrFile(user, "client-certificate-data", "client-certificate");
    }

    /** The current user's client key (data or file); null if none. */
    byte[] clientKey() throws IOException {
        return dataOrFile(user, "client-key-data", "client-key");
    }

    /** The current user's entry ({@code token}, {@code exec}, ...); empty if none. */
    Map<?, ?> user() {
        return user;
    }

    /** A string field of the current user, or null. */
    String userString(String key) {
        return string(user, key);
    }

    /**
     * True when only client-java can obtain the user's credential: an exec plugin or auth provider.
     */
    boolean needsPlugin() {
        return user.get("exec") != null || user.get("auth-provider") != null;
    }

    /**
     * client-java's {@link KubeConfig} of the same text, to run the user's exec plugin or auth
     * provider ({@link KubeConfig#getCredentials()}); relative commands resolve against the
     * kubeconfig's directory.
     */
    KubeConfig forPlugin() throws IOException {
        KubeConfig config;
        try (Reader reader = new StringReader(text)) {
            config = KubeConfig.loadKubeConfig(reader);
        } catch (RuntimeException malformed) {
            throw new IOException(
                    "kubeconfig " + path + " is not a valid kubeconfig: " + malformed, malformed);
        }
        config.setFile(path.toFile());
        return config;
    }

    private static String string(Map<?, ?> entry, String key) {
        Object value = entry.get(key);
        return value == null ? null : value.toString();
    }

    /**
     * {@code dataKey} decoded from base64 (MIME: line breaks and stray characters ignored, as
     * commons-codec's decoder client-java uses does) or else the file {@code fileKey} names,
     * relative to the kubeconfig's directory; null if neither is set.
     */
    private byte[] dataOrFile(Map<?, ?> entry, String dataKey, String fileKey) throws IOException {
        String data = string(entry, dataKey);
        if (data != null) {
            try {
                return Base64.getMimeDecoder().decode(data.trim());
            } catch (IllegalArgumentException e) {
                throw new IOException(
                        "kubeconfig " + path + ": " + dataKey + " is not base64: " + e.getMessage(),
                        e);
            }
        }
        String file = string(entry, fileKey);
        if (file != null) {
            return Files.readAllBytes(path.getParent().resolve(file).normalize());
        }
        return null;
    }
}
