package io.leadergate.devserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;

/**
 * Authentication as a static-token / client-certificate apiserver does it: a bearer token or a
 * certificate signed by our CA names the client; a wrong token is 401 even when authentication is
 * optional. The token file is re-read on every request so a rotated token takes effect at once.
 */
final class Auth {
    static final String ANONYMOUS = "anonymous";

    /** Who sent a request: a named client, or {@link #ANONYMOUS}. */
    record Identity(String client) {
        /** The user name RBAC messages show: named clients act as service accounts. */
        String user(String namespace) {
            if (client.equals(ANONYMOUS)) {
                return "system:anonymous";
            }
            return "system:serviceaccount:"
                    + (namespace == null ? "default" : namespace)
                    + ":"
                    + client;
        }
    }

    private final String token;
    private final Path tokenFile;
    private final Map<String, String> clientTokens;
    private final boolean clientCertificates;

    /**
     * @param token the shared token, or null
     * @param tokenFile a file holding the shared token, or null
     * @param clientTokens named client → token (a null token: certificate-only client)
     * @param clientCertificates whether client certificates identify named clients
     */
    Auth(
            String token,
            Path tokenFile,
            Map<String, String> clientTokens,
            boolean clientCertificates) {
        this.token = token;
        this.tokenFile = tokenFile;
        this.clientTokens =
                Map.copyOf(
                        clientTokens.entrySet().stream()
                                .filter(e -> e.getValue() != null)
                                .collect(
                                        java.util.stream.Collectors.toMap(
                                                Map.Entry::getValue, Map.Entry::getKey)));
        this.clientCertificates = clientCertificates;
    }

    /** True when a request without credentials is refused. */
    boolean required() {
        return token != null || tokenFile != null || !clientTokens.isEmpty() || clientCertificates;
    }

    /**
     * @param anonymousAllowed whether a request without credentials may pass (discovery, health)
     * @throws StatusException 401 for wrong credentials, or missing ones where required
     */
    Identity identify(HttpExchange exchange, boolean anonymousAllowed) {
        String certificateClient = certificateClient(exchange);
        if (certificateClient != null) {
            return new Identity(certificateClient);
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String presented = header.substring(7).trim();
            String client = clientTokens.get(presented);
            if (client != null) {
                return new Identity(client);
            }
            if (matches(presented, token)
                    || matches(presented, currentFileToken())
                    || !required()) {
                return new Identity(ANONYMOUS);
            }
            throw StatusBodies.unauthorized();
        }
        if (required() && !anonymousAllowed) {
            throw StatusBodies.unauthorized();
        }
        return new Identity(ANONYMOUS);
    }

    private String currentFileToken() {
        if (tokenFile == null) {
            return null;
        }
        try {
            return Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null; // a missing token file authenticates nobody
        }
    }

    private String certificateClient(HttpExchange exchange) {
        if (!clientCertificates || !(exchange instanceof HttpsExchange https)) {
            return null;
        }
        try {
            Certificate[] chain = https.getSSLSession().getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
                // The TLS layer already verified the chain against our CA; CN is the user, as
                // upstream.
                String name = leaf.getSubjectX500Principal().getName(X500Principal.RFC2253);
                for (String part : name.split(",")) {
                    if (part.startsWith("CN=")) {
                        return part.substring(3);
                    }
                }
            }
        } catch (SSLPeerUnverifiedException noCertificate) {
            // token or anonymous request over TLS
        }
        return null;
    }

    private static boolean matches(String presented, String expected) {
        return expected != null
                && !expected.isEmpty()
                && MessageDigest.isEqual(
                        presented.getBytes(StandardCharsets.UTF_8),
                        expected.getBytes(StandardCharsets.UTF_8));
    }
}
