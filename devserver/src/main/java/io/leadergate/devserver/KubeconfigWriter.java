package io.leadergate.devserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Writes a kubeconfig (apiVersion v1, kind Config) with one cluster, one user and one context,
 * embedding the CA and client credentials as base64 {@code *-data} fields so the file stands alone.
 * Files are replaced atomically: a client polling for the file never reads half of it.
 */
final class KubeconfigWriter {
    static final String CLUSTER = "leadergate-devserver";

    /**
     * What the user entry carries; every field may be null.
     *
     * @param tokenFile a file the client reads its token from (client-go's {@code tokenFile})
     * @param certificatePem client certificate (PEM) for mTLS
     * @param keyPem its private key (PEM)
     */
    record Credentials(String token, String tokenFile, String certificatePem, String keyPem) {}

    private KubeconfigWriter() {}

    /**
     * @param caPem the CA to trust (TLS), or null for plain HTTP
     * @param user the user entry's name
     * @param namespace the context's default namespace
     */
    static String render(
            String server, String caPem, String user, Credentials credentials, String namespace) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("apiVersion: v1\n").append("kind: Config\n");
        yaml.append("clusters:\n").append("- cluster:\n");
        if (caPem != null) {
            yaml.append("    certificate-authority-data: ").append(base64(caPem)).append('\n');
        }
        yaml.append("    server: ").append(quote(server)).append('\n');
        yaml.append("  name: ").append(CLUSTER).append('\n');
        yaml.append("contexts:\n").append("- context:\n");
        yaml.append("    cluster: ").append(CLUSTER).append('\n');
        yaml.append("    namespace: ").append(quote(namespace)).append('\n');
        yaml.append("    user: ").append(quote(user)).append('\n');
        yaml.append("  name: ").append(CLUSTER).append('\n');
        yaml.append("current-context: ").append(CLUSTER).append('\n');
        yaml.append("preferences: {}\n");
        yaml.append("users:\n").append("- name: ").append(quote(user)).append('\n');
        boolean empty =
                credentials.token() == null
                        && credentials.tokenFile() == null
                        && credentials.certificatePem() == null;
        yaml.append("  user:").append(empty ? " {}\n" : "\n");
        if (credentials.certificatePem() != null) {
            yaml.append("    client-certificate-data: ")
                    .append(base64(credentials.certificatePem()))
                    .append('\n');
            yaml.append("    client-key-data: ").append(base64(credentials.keyPem())).append('\n');
        }
        if (credentials.token() != null) {
            yaml.append("    token: ").append(quote(credentials.token())).append('\n');
        } else if (credentials.tokenFile() != null) {
            yaml.append("    tokenFile: ").append(quote(credentials.tokenFile())).append('\n');
        }
        return yaml.toString();
    }

    static void write(Path file, String kubeconfig) throws IOException {
        AtomicFiles.write(file, kubeconfig.getBytes(StandardCharsets.UTF_8));
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
    }

    /** A YAML double-quoted scalar, so tokens and names with ':' or '#' stay strings. */
    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
