package io.leadergate.agent.kube;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust in a CA the agent was given (the kubeconfig's {@code certificate-authority(-data)}, the
 * pod's {@code ca.crt}), with client-go's host-name check ({@link ServerName}) in place of the
 * JDK's "HTTPS" endpoint identification: the chain is checked by the JDK's PKIX trust manager
 * (signatures, validity, key usage, the algorithm constraints of the handshake), then the server's
 * certificate must be valid for {@code name}. Both run inside the handshake, so a server that fails
 * either gets a TLS alert and not one byte of a request.
 *
 * <p>Why not the JDK's check: for "HTTPS" it asks whether the chain ends at one of the JDK's own
 * {@code cacerts} anchors ({@code AnchorCertificates}), which parses that whole file (~5 MiB of
 * allocation, in a JVM that never trusts it), and it also accepts a Common Name, which client-go
 * has not done since Go 1.15.
 */
final class NameCheckingTrust extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager chain;
    private final String name;

    /**
     * @param chain the PKIX trust manager of the CA; its sockets and engines must have no endpoint
     *     identification set
     * @param name the name the server's certificate must be valid for: the URL's host (without
     *     brackets) or the kubeconfig's {@code tls-server-name}
     */
    NameCheckingTrust(X509ExtendedTrustManager chain, String name) {
        this.chain = chain;
        this.name = name;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType, Socket socket)
            throws CertificateException {
        chain.checkServerTrusted(certificates, authType, socket);
        ServerName.verify(certificates[0], name);
    }

    @Override
    public void checkServerTrusted(
            X509Certificate[] certificates, String authType, SSLEngine engine)
            throws CertificateException {
        chain.checkServerTrusted(certificates, authType, engine);
        ServerName.verify(certificates[0], name);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType)
            throws CertificateException {
        chain.checkServerTrusted(certificates, authType);
        ServerName.verify(certificates[0], name);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("the agent is a TLS client only");
    }

    @Override
    public void checkClientTrusted(
            X509Certificate[] certificates, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("the agent is a TLS client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType)
            throws CertificateException {
        throw new CertificateException("the agent is a TLS client only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chain.getAcceptedIssuers();
    }
}
